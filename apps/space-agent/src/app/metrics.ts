import { statfs } from 'node:fs/promises';
import { relayV1alpha1 } from '@platform/contracts';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { Acknowledgement, OutcomeRecorder } from './directive-processor.service';
import type { LinkStatus } from './relay-link';

const { AckOutcome, RejectReason } = relayV1alpha1;

/** The agent's Prometheus metrics, in a registry of its own (several agents can share a process). */
export class AgentMetrics implements OutcomeRecorder {
  readonly registry = new Registry();
  private readonly applied: Counter;
  private readonly duplicates: Counter;
  private readonly rejected: Counter<'reason'>;

  constructor(options: {
    stateDir: string;
    link: () => LinkStatus;
    now: () => Date;
    /** Process CPU, memory, event loop (off for agents sharing a test process). */
    defaultMetrics?: boolean;
  }) {
    const registers = [this.registry];
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
    this.applied = new Counter({
      name: 'space_agent_directives_applied_total',
      help: 'Directives applied.',
      registers,
    });
    this.duplicates = new Counter({
      name: 'space_agent_directives_duplicate_total',
      help: 'Redelivered directives acknowledged as duplicates.',
      registers,
    });
    this.rejected = new Counter({
      name: 'space_agent_directives_rejected_total',
      help: 'Directives rejected, by reason code.',
      labelNames: ['reason'],
      registers,
    });
    new Gauge({
      name: 'space_agent_relay_connected',
      help: '1 while the Subscribe stream to the PoP relay is open, else 0.',
      registers,
      collect() {
        this.set(options.link().connected ? 1 : 0);
      },
    });
    new Gauge({
      name: 'space_agent_seconds_since_last_contact',
      help: 'Seconds since the relay was last reachable (0 while connected, -1 if never).',
      registers,
      collect() {
        const last = options.link().lastContactAt;
        this.set(last ? Math.max(0, (options.now().getTime() - last.getTime()) / 1000) : -1);
      },
    });
    new Gauge({
      name: 'space_agent_state_dir_free_bytes',
      help: 'Free bytes on the file system of the state directory.',
      registers,
      async collect() {
        const stats = await statfs(options.stateDir);
        this.set(stats.bavail * stats.bsize);
      },
    });
  }

  record(ack: Acknowledgement): void {
    if (ack.outcome === AckOutcome.ACK_OUTCOME_APPLIED) this.applied.inc();
    else if (ack.outcome === AckOutcome.ACK_OUTCOME_DUPLICATE) this.duplicates.inc();
    else this.rejected.inc({ reason: ack.rejectReason ?? RejectReason.REJECT_REASON_UNSPECIFIED });
  }
}
