import { Module, type DynamicModule } from '@nestjs/common';
import { BotDetectionMetrics } from '../bot-detection.metrics';
import { MetricsController } from './metrics.controller';

/** The plain-HTTP side of bot-detection: `/metrics`. */
@Module({})
export class MetricsHttpModule {
  static forRoot(metrics: BotDetectionMetrics): DynamicModule {
    return {
      module: MetricsHttpModule,
      controllers: [MetricsController],
      providers: [{ provide: BotDetectionMetrics, useValue: metrics }],
    };
  }
}
