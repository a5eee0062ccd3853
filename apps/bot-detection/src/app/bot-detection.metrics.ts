import { botDetectionV1alpha1 } from '@platform/contracts';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * bot-detection's Prometheus metrics, in a registry of its own (replicas started in one test
 * process must not share one). Signatures loaded are read from the live index at scrape time.
 */
export class BotDetectionMetrics {
  readonly registry = new Registry();
  private readonly checks: Counter<'action'>;
  /** The counter of each action, looked up once: a Check then hashes no label set. */
  private readonly checksByAction = new Map<botDetectionV1alpha1.Action, { inc(): void }>();
  private readonly checkSeconds: Histogram;
  private readonly degraded: Counter<'cause'>;
  private readonly feedLag: Gauge;
  private loadedSignatures: () => number = () => 0;

  constructor(options: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
    this.checks = new Counter({
      name: 'bot_detection_checks_total',
      help: 'Check calls answered, by resulting action.',
      labelNames: ['action'],
      registers,
    });
    this.checkSeconds = new Histogram({
      name: 'bot_detection_check_duration_seconds',
      help: 'Time to answer a Check, from validated request to verdict (server side).',
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
      registers,
    });
    this.degraded = new Counter({
      name: 'bot_detection_degraded_checks_total',
      help: 'Check calls answered without the rate rules (Redis unreachable or too slow).',
      labelNames: ['cause'],
      registers,
    });
    this.feedLag = new Gauge({
      name: 'bot_detection_feed_lag_seconds',
      help: 'Age of the last change-feed entry applied when it was applied; 0 when caught up.',
      registers,
    });
    const loaded = () => this.loadedSignatures();
    new Gauge({
      name: 'bot_detection_signatures_loaded',
      help: "Signatures in this replica's in-memory index (expired ones until swept).",
      registers,
      collect() {
        this.set(loaded());
      },
    });
    for (const action of Object.values(botDetectionV1alpha1.Action)) {
      if (
        action !== botDetectionV1alpha1.Action.ACTION_UNSPECIFIED &&
        action !== botDetectionV1alpha1.Action.UNRECOGNIZED
      ) {
        this.checks.inc({ action }, 0);
        this.checksByAction.set(action, this.checks.labels({ action }));
      }
    }
    this.degraded.inc({ cause: 'unreachable' }, 0);
    this.degraded.inc({ cause: 'deadline' }, 0);
  }

  /** Where the signatures-loaded gauge reads from. */
  countSignaturesWith(count: () => number): void {
    this.loadedSignatures = count;
  }

  recordCheck(action: botDetectionV1alpha1.Action, seconds: number): void {
    const counter = this.checksByAction.get(action);
    if (counter) counter.inc();
    else this.checks.inc({ action });
    this.checkSeconds.observe(seconds);
  }

  recordDegradedCheck(cause: 'unreachable' | 'deadline'): void {
    this.degraded.inc({ cause });
  }

  setFeedLag(seconds: number): void {
    this.feedLag.set(Math.max(0, seconds));
  }
}
