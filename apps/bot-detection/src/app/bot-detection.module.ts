import { Module } from '@nestjs/common';

/**
 * A PoP's bot-detection service (`platform.botdetection.v1alpha1.BotDetectionService`). Its controllers arrive with their issue; until then the server serves gRPC health and grpc-js refuses every other call as unimplemented.
 */
@Module({})
export class BotDetectionModule {}
