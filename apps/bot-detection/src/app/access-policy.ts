import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError, PermissionDeniedError } from '@platform/errors';
import { identitySlug, type WorkloadIdentity } from '@platform/pki';
import { BOT_DETECTION_CONFIG, type BotDetectionConfig } from './bot-detection.config';

/**
 * Who may call what. A Space's agent may ask about its own Space only, and only when this PoP
 * hosts it (the configured list; `*` trusts any Space certificate the platform CA issued).
 * Central may ask on behalf of any hosted Space (diagnostics from the control plane). Signatures,
 * allowlists, unblocking and statistics are for Central and for operators (the `operator` tier:
 * people and their tooling), never for a Space or another PoP service.
 */
@Injectable()
export class AccessPolicy {
  constructor(@Inject(BOT_DETECTION_CONFIG) private readonly config: BotDetectionConfig) {}

  /** For Check and ReportLoginOutcome. `space` is already a valid name. */
  assertMayScore(caller: WorkloadIdentity, space: string): void {
    const permitted =
      caller.tier === 'central' || (caller.tier === 'space' && caller.space === space);
    if (!permitted) {
      throw new PermissionDeniedError(
        `${identitySlug(caller)} may not score attempts of Space ${space}: only that Space's agent and Central may`,
      );
    }
    this.assertHosted(space);
  }

  /** For signature and allowlist management, Unblock and GetStats. */
  assertMayManage(caller: WorkloadIdentity, operation: string): void {
    if (caller.tier !== 'central' && caller.tier !== 'operator') {
      throw new PermissionDeniedError(
        `${identitySlug(caller)} may not call ${operation}: only Central and operators may`,
      );
    }
  }

  assertHosted(space: string): void {
    const hosted = this.config.hostedSpaces;
    if (hosted.kind === 'listed' && !hosted.spaces.has(space)) {
      throw new NotFoundError(`space: Space ${space} is not hosted by PoP ${this.config.pop}`);
    }
  }
}
