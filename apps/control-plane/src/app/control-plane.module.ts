import { Module } from '@nestjs/common';

/**
 * Central's provisioning API (`platform.controlplane.v1alpha1.ControlPlaneService`). Its controllers arrive with their issue; until then the server serves gRPC health and grpc-js refuses every other call as unimplemented.
 */
@Module({})
export class ControlPlaneModule {}
