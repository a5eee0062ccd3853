import type { Metadata } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { botDetectionV1alpha1 } from '@platform/contracts';
import { verifiedCaller } from '@platform/platform-kit';
import type { Observable } from 'rxjs';
import { BotDetectionService } from './bot-detection.service';

type Rpc = botDetectionV1alpha1.BotDetectionServiceController;

/** `platform.botdetection.v1alpha1.BotDetectionService` over gRPC; the caller is the mTLS-verified workload. */
@Controller()
@botDetectionV1alpha1.BotDetectionServiceControllerMethods()
export class BotDetectionController implements Rpc {
  constructor(private readonly botDetection: BotDetectionService) {}

  check(request: botDetectionV1alpha1.CheckRequest, metadata?: Metadata) {
    return this.botDetection.check(verifiedCaller(metadata), request);
  }

  reportLoginOutcome(request: botDetectionV1alpha1.ReportLoginOutcomeRequest, metadata?: Metadata) {
    return this.botDetection.reportLoginOutcome(verifiedCaller(metadata), request);
  }

  importSignatures(
    request: Observable<botDetectionV1alpha1.ImportSignaturesRequest>,
    metadata?: Metadata,
  ) {
    return this.botDetection.importSignatures(verifiedCaller(metadata), request);
  }

  removeSignatures(request: botDetectionV1alpha1.RemoveSignaturesRequest, metadata?: Metadata) {
    return this.botDetection.removeSignatures(verifiedCaller(metadata), request);
  }

  getAllowlist(request: botDetectionV1alpha1.GetAllowlistRequest, metadata?: Metadata) {
    return this.botDetection.getAllowlist(verifiedCaller(metadata), request);
  }

  addAllowlistEntries(
    request: botDetectionV1alpha1.AddAllowlistEntriesRequest,
    metadata?: Metadata,
  ) {
    return this.botDetection.addAllowlistEntries(verifiedCaller(metadata), request);
  }

  removeAllowlistEntries(
    request: botDetectionV1alpha1.RemoveAllowlistEntriesRequest,
    metadata?: Metadata,
  ) {
    return this.botDetection.removeAllowlistEntries(verifiedCaller(metadata), request);
  }

  unblock(request: botDetectionV1alpha1.UnblockRequest, metadata?: Metadata) {
    return this.botDetection.unblock(verifiedCaller(metadata), request);
  }

  getSpaceRules(request: botDetectionV1alpha1.GetSpaceRulesRequest, metadata?: Metadata) {
    return this.botDetection.getSpaceRules(verifiedCaller(metadata), request);
  }

  setSpaceRules(request: botDetectionV1alpha1.SetSpaceRulesRequest, metadata?: Metadata) {
    return this.botDetection.setSpaceRules(verifiedCaller(metadata), request);
  }

  getStats(request: botDetectionV1alpha1.GetStatsRequest, metadata?: Metadata) {
    return this.botDetection.getStats(verifiedCaller(metadata), request);
  }
}
