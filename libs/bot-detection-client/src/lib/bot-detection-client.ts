import { botDetectionV1alpha1, grpcPackages } from '@platform/contracts';
import { createGrpcServiceClient, type TlsMaterial } from '@platform/platform-kit';
import { Registry } from 'prom-client';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { BotDetectionClientMetrics, type FailOpenCause } from './bot-detection-client.metrics';

/** How long a Check may take before the login goes ahead without it. */
export const DEFAULT_CHECK_DEADLINE_MS = 50;

export interface BotDetectionVerdict extends botDetectionV1alpha1.CheckResponse {
  /**
   * Set when bot-detection did not answer in time or failed: the action is then ALLOW, and this
   * says why (for logs; the contract's Reason enum has no value for it).
   */
  failedOpen?: { cause: FailOpenCause; detail: string };
}

export interface BotDetectionClientOptions {
  /** Milliseconds a call may take before failing open; default {@link DEFAULT_CHECK_DEADLINE_MS}. */
  deadlineMs?: number;
  /** Where the client's metrics go; a registry of its own by default. */
  registry?: Registry;
}

/**
 * What a Space's services use to ask their PoP's bot-detection about an authentication attempt.
 * It never throws and never waits past its deadline: bot-detection protects logins, and an
 * outage of it must not become an outage of logins, so a late or failed answer is ALLOW
 * (fail open), marked as such and counted.
 */
export class BotDetectionClient {
  readonly registry: Registry;
  private readonly metrics: BotDetectionClientMetrics;
  private readonly deadlineMs: number;

  constructor(
    private readonly service: botDetectionV1alpha1.BotDetectionServiceClient,
    options: BotDetectionClientOptions = {},
    private readonly closeConnection: () => void = () => undefined,
  ) {
    this.deadlineMs = options.deadlineMs ?? DEFAULT_CHECK_DEADLINE_MS;
    this.registry = options.registry ?? new Registry();
    this.metrics = new BotDetectionClientMetrics(this.registry);
  }

  /** A client over mutual TLS to the bot-detection service at `address` (`host:port`). */
  static connect(
    target: { address: string; tls: TlsMaterial },
    options: BotDetectionClientOptions = {},
  ): BotDetectionClient {
    const { client, close } =
      createGrpcServiceClient<botDetectionV1alpha1.BotDetectionServiceClient>({
        address: target.address,
        protoPackage: grpcPackages.botDetection,
        serviceName: botDetectionV1alpha1.BOT_DETECTION_SERVICE_NAME,
        tls: target.tls,
      });
    return new BotDetectionClient(client, options, close);
  }

  /** The verdict, or ALLOW with `failedOpen` set when none came within the deadline. */
  async check(request: botDetectionV1alpha1.CheckRequest): Promise<BotDetectionVerdict> {
    const started = performance.now();
    let verdict: BotDetectionVerdict;
    try {
      verdict = await firstValueFrom(
        this.service.check(request).pipe(timeout({ first: this.deadlineMs })),
      );
    } catch (error) {
      const cause: FailOpenCause = error instanceof TimeoutError ? 'deadline' : 'error';
      verdict = {
        action: botDetectionV1alpha1.Action.ACTION_ALLOW,
        reasons: [],
        signatureIds: [],
        retryAfterSeconds: 0,
        failedOpen: {
          cause,
          detail:
            cause === 'deadline'
              ? `failed open: bot-detection did not answer within ${this.deadlineMs} ms`
              : `failed open: bot-detection failed: ${describe(error)}`,
        },
      };
    }
    this.metrics.record(
      verdict.action,
      (performance.now() - started) / 1000,
      verdict.failedOpen?.cause,
    );
    return verdict;
  }

  /**
   * Feeds a login outcome to the rate rules. Best effort within the deadline: resolves false
   * when it could not be delivered, never rejects.
   */
  async reportLoginOutcome(
    request: botDetectionV1alpha1.ReportLoginOutcomeRequest,
  ): Promise<boolean> {
    try {
      await firstValueFrom(
        this.service.reportLoginOutcome(request).pipe(timeout({ first: this.deadlineMs })),
      );
      return true;
    } catch {
      return false;
    }
  }

  close(): void {
    this.closeConnection();
  }
}

function describe(error: unknown): string {
  if (
    error &&
    typeof error === 'object' &&
    'details' in error &&
    typeof error.details === 'string'
  ) {
    const code = 'code' in error ? ` (code ${String(error.code)})` : '';
    return `${error.details}${code}`;
  }
  return error instanceof Error ? error.message : String(error);
}
