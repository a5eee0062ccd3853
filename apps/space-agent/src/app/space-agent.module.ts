import { Module } from '@nestjs/common';

/**
 * A Space's agent: subscribes to its PoP relay and applies directives. That logic arrives with its issue; until then the process serves gRPC health only.
 */
@Module({})
export class SpaceAgentModule {}
