import { Module } from '@nestjs/common';

/**
 * A PoP's directive relay (`platform.relay.v1alpha1.RelayService`). Its controllers arrive with their issue; until then the server serves gRPC health and grpc-js refuses every other call as unimplemented.
 */
@Module({})
export class PopRelayModule {}
