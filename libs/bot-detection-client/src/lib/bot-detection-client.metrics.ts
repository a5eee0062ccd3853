import { Counter, Histogram, type Registry } from 'prom-client';

export type FailOpenCause = 'deadline' | 'error';

/** The client's own Prometheus metrics, registered in the caller's registry. */
export class BotDetectionClientMetrics {
  private readonly verdicts: Counter<'action'>;
  private readonly failedOpen: Counter<'cause'>;
  private readonly seconds: Histogram;

  constructor(registry: Registry) {
    const registers = [registry];
    this.verdicts = new Counter({
      name: 'bot_detection_client_checks_total',
      help: 'Check answers used, by action (fail-open answers count as allow).',
      labelNames: ['action'],
      registers,
    });
    this.failedOpen = new Counter({
      name: 'bot_detection_client_failed_open_total',
      help: 'Checks answered allow because bot-detection missed the deadline or failed.',
      labelNames: ['cause'],
      registers,
    });
    this.seconds = new Histogram({
      name: 'bot_detection_client_check_duration_seconds',
      help: 'Time a Check took as the caller saw it, including fail-open answers.',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
      registers,
    });
    this.failedOpen.inc({ cause: 'deadline' }, 0);
    this.failedOpen.inc({ cause: 'error' }, 0);
  }

  record(action: string, seconds: number, failOpenCause?: FailOpenCause): void {
    this.verdicts.inc({ action });
    this.seconds.observe(seconds);
    if (failOpenCause) this.failedOpen.inc({ cause: failOpenCause });
  }
}
