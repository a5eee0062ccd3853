import { Module } from '@nestjs/common';

/**
 * Central's release orchestrator (`platform.release.v1alpha1.ReleaseService`). Its controllers arrive with their issue; until then the server serves gRPC health and grpc-js refuses every other call as unimplemented.
 */
@Module({})
export class ReleaseOrchestratorModule {}
