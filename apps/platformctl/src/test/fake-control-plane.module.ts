import type { Metadata } from '@grpc/grpc-js';
import { Controller, Inject, Module, type DynamicModule } from '@nestjs/common';
import { controlPlaneV1alpha1 as api } from '@platform/contracts';
import { formatSpiffeId } from '@platform/pki';
import { verifiedCaller } from '@platform/platform-kit';
import type {
  ControlPlaneMethod,
  ControlPlaneRequest,
  ControlPlaneResponse,
} from '../lib/control-plane/control-plane-methods';
import { RecordingControlPlane } from './recording-control-plane';

const RECORDER = Symbol('RecordingControlPlane');

/** The generated controller contract, every call handed to the recorder with its caller. */
@Controller()
@api.ControlPlaneServiceControllerMethods()
class FakeControlPlaneController implements api.ControlPlaneServiceController {
  constructor(@Inject(RECORDER) private readonly recorder: RecordingControlPlane) {}

  createPop(request: api.CreatePopRequest, metadata?: Metadata) {
    return this.record('createPop', request, metadata);
  }
  getPop(request: api.GetPopRequest, metadata?: Metadata) {
    return this.record('getPop', request, metadata);
  }
  listPops(request: api.ListPopsRequest, metadata?: Metadata) {
    return this.record('listPops', request, metadata);
  }
  deletePop(request: api.DeletePopRequest, metadata?: Metadata) {
    return this.record('deletePop', request, metadata);
  }
  createSpace(request: api.CreateSpaceRequest, metadata?: Metadata) {
    return this.record('createSpace', request, metadata);
  }
  getSpace(request: api.GetSpaceRequest, metadata?: Metadata) {
    return this.record('getSpace', request, metadata);
  }
  listSpaces(request: api.ListSpacesRequest, metadata?: Metadata) {
    return this.record('listSpaces', request, metadata);
  }
  updateSpace(request: api.UpdateSpaceRequest, metadata?: Metadata) {
    return this.record('updateSpace', request, metadata);
  }
  failoverSpace(request: api.FailoverSpaceRequest, metadata?: Metadata) {
    return this.record('failoverSpace', request, metadata);
  }
  deleteSpace(request: api.DeleteSpaceRequest, metadata?: Metadata) {
    return this.record('deleteSpace', request, metadata);
  }

  private record<M extends ControlPlaneMethod>(
    method: M,
    request: ControlPlaneRequest<M>,
    metadata: Metadata | undefined,
  ): Promise<ControlPlaneResponse<M>> {
    const caller = formatSpiffeId(verifiedCaller(metadata));
    return this.recorder.handle(method, request, metadata, caller);
  }
}

/** A NestJS module serving ControlPlaneService from `recorder`. */
@Module({})
export class FakeControlPlaneModule {
  static serving(recorder: RecordingControlPlane): DynamicModule {
    return {
      module: FakeControlPlaneModule,
      controllers: [FakeControlPlaneController],
      providers: [{ provide: RECORDER, useValue: recorder }],
    };
  }
}
