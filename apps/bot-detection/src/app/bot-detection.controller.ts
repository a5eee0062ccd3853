import type { Metadata } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { GrpcMethod, GrpcStreamMethod } from '@nestjs/microservices';
import { botDetectionV1alpha1 } from '@platform/contracts';
import { verifiedCaller } from '@platform/platform-kit';
import type { Observable } from 'rxjs';
import { BotDetectionService } from './bot-detection.service';

/** Served by grpc-js directly (start-bot-detection.ts), not through NestJS. */
type Rpc = Omit<botDetectionV1alpha1.BotDetectionServiceController, 'check'>;
const SERVICE = botDetectionV1alpha1.BOT_DETECTION_SERVICE_NAME;

/**
 * `platform.botdetection.v1alpha1.BotDetectionService` over gRPC, but Check; the caller is the
 * mTLS-verified workload.
 */
@Controller()
export class BotDetectionController implements Rpc {
  constructor(private readonly botDetection: BotDetectionService) {}

  @GrpcMethod(SERVICE, 'reportLoginOutcome')
  reportLoginOutcome(request: botDetectionV1alpha1.ReportLoginOutcomeRequest, metadata?: Metadata) {
    return this.botDetection.reportLoginOutcome(verifiedCaller(metadata), request);
  }

  @GrpcStreamMethod(SERVICE, 'importSignatures')
  importSignatures(
    request: Observable<botDetectionV1alpha1.ImportSignaturesRequest>,
    metadata?: Metadata,
  ) {
    return this.botDetection.importSignatures(verifiedCaller(metadata), request);
  }

  @GrpcMethod(SERVICE, 'removeSignatures')
  removeSignatures(request: botDetectionV1alpha1.RemoveSignaturesRequest, metadata?: Metadata) {
    return this.botDetection.removeSignatures(verifiedCaller(metadata), request);
  }

  @GrpcMethod(SERVICE, 'getAllowlist')
  getAllowlist(request: botDetectionV1alpha1.GetAllowlistRequest, metadata?: Metadata) {
    return this.botDetection.getAllowlist(verifiedCaller(metadata), request);
  }

  @GrpcMethod(SERVICE, 'addAllowlistEntries')
  addAllowlistEntries(
    request: botDetectionV1alpha1.AddAllowlistEntriesRequest,
    metadata?: Metadata,
  ) {
    return this.botDetection.addAllowlistEntries(verifiedCaller(metadata), request);
  }

  @GrpcMethod(SERVICE, 'removeAllowlistEntries')
  removeAllowlistEntries(
    request: botDetectionV1alpha1.RemoveAllowlistEntriesRequest,
    metadata?: Metadata,
  ) {
    return this.botDetection.removeAllowlistEntries(verifiedCaller(metadata), request);
  }

  @GrpcMethod(SERVICE, 'unblock')
  unblock(request: botDetectionV1alpha1.UnblockRequest, metadata?: Metadata) {
    return this.botDetection.unblock(verifiedCaller(metadata), request);
  }

  @GrpcMethod(SERVICE, 'getSpaceRules')
  getSpaceRules(request: botDetectionV1alpha1.GetSpaceRulesRequest, metadata?: Metadata) {
    return this.botDetection.getSpaceRules(verifiedCaller(metadata), request);
  }

  @GrpcMethod(SERVICE, 'setSpaceRules')
  setSpaceRules(request: botDetectionV1alpha1.SetSpaceRulesRequest, metadata?: Metadata) {
    return this.botDetection.setSpaceRules(verifiedCaller(metadata), request);
  }

  @GrpcMethod(SERVICE, 'getStats')
  getStats(request: botDetectionV1alpha1.GetStatsRequest, metadata?: Metadata) {
    return this.botDetection.getStats(verifiedCaller(metadata), request);
  }
}
