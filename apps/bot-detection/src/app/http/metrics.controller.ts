import { Controller, Get, Header, Inject } from '@nestjs/common';
import { Registry } from 'prom-client';
import { BotDetectionMetrics } from '../bot-detection.metrics';

/**
 * Prometheus scrape endpoint. Unauthenticated on purpose: it binds to the PoP's internal
 * interface (127.0.0.1 by default) and carries counts only, no IPs or users.
 */
@Controller()
export class MetricsController {
  constructor(@Inject(BotDetectionMetrics) private readonly metrics: BotDetectionMetrics) {}

  @Get('metrics')
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
