import type { Metadata } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { relayV1alpha1 } from '@platform/contracts';
import { verifiedCaller } from '@platform/platform-kit';
import type { Observable } from 'rxjs';
import { RelayService } from './relay.service';

/** `platform.relay.v1alpha1.RelayService` over gRPC; the caller is the mTLS-verified workload. */
@Controller()
@relayV1alpha1.RelayServiceControllerMethods()
export class RelayController implements relayV1alpha1.RelayServiceController {
  constructor(private readonly relay: RelayService) {}

  publish(
    request: relayV1alpha1.PublishRequest,
    metadata?: Metadata,
  ): Promise<relayV1alpha1.PublishResponse> {
    return this.relay.publish(verifiedCaller(metadata), request);
  }

  publishBatch(
    request: relayV1alpha1.PublishBatchRequest,
    metadata?: Metadata,
  ): Promise<relayV1alpha1.PublishBatchResponse> {
    return this.relay.publishBatch(verifiedCaller(metadata), request);
  }

  subscribe(
    request: relayV1alpha1.SubscribeRequest,
    metadata?: Metadata,
  ): Observable<relayV1alpha1.SubscribeResponse> {
    return this.relay.subscribe(verifiedCaller(metadata), request);
  }

  acknowledge(
    request: relayV1alpha1.AcknowledgeRequest,
    metadata?: Metadata,
  ): Promise<relayV1alpha1.AcknowledgeResponse> {
    return this.relay.acknowledge(verifiedCaller(metadata), request);
  }

  getDeliveryStatus(
    request: relayV1alpha1.GetDeliveryStatusRequest,
    metadata?: Metadata,
  ): Promise<relayV1alpha1.GetDeliveryStatusResponse> {
    return this.relay.getDeliveryStatus(verifiedCaller(metadata), request);
  }
}
