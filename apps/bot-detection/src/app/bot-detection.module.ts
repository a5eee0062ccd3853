import { Module, type DynamicModule } from '@nestjs/common';
import { AccessPolicy } from './access-policy';
import { BOT_DETECTION_CONFIG, type BotDetectionConfig } from './bot-detection.config';
import { BotDetectionController } from './bot-detection.controller';
import { BotDetectionMetrics } from './bot-detection.metrics';
import { BotDetectionService } from './bot-detection.service';
import { Clock, SystemClock } from './clock';
import { RedisConnections } from './redis-connections';
import { DEFAULT_RATE_POLICY, type RatePolicy } from './rules/rate-policy';
import { RateRulesRepository } from './rules/rate-rules.repository';
import { SpaceRulesStore } from './rules/space-rules.store';
import { AllowlistStore } from './signatures/allowlist.store';
import { FeedFollower } from './signatures/feed-follower';
import { SignatureState } from './signatures/signature-state';
import { SignatureStore } from './signatures/signature.store';
import { DecisionStats } from './stats/decision-stats';
import { RATE_POLICY } from './tokens';

export interface BotDetectionModuleOptions {
  metrics: BotDetectionMetrics;
  clock?: Clock;
  ratePolicy?: RatePolicy;
}

/** A PoP's bot-detection service (`platform.botdetection.v1alpha1.BotDetectionService`) over the PoP's Redis. */
@Module({})
export class BotDetectionModule {
  static forRoot(config: BotDetectionConfig, options: BotDetectionModuleOptions): DynamicModule {
    return {
      module: BotDetectionModule,
      controllers: [BotDetectionController],
      providers: [
        { provide: BOT_DETECTION_CONFIG, useValue: config },
        { provide: BotDetectionMetrics, useValue: options.metrics },
        options.clock
          ? { provide: Clock, useValue: options.clock }
          : { provide: Clock, useClass: SystemClock },
        { provide: RATE_POLICY, useValue: options.ratePolicy ?? DEFAULT_RATE_POLICY },
        {
          provide: SignatureState,
          useFactory: (policy: RatePolicy) => new SignatureState(policy),
          inject: [RATE_POLICY],
        },
        RedisConnections,
        SignatureStore,
        AllowlistStore,
        SpaceRulesStore,
        FeedFollower,
        RateRulesRepository,
        DecisionStats,
        AccessPolicy,
        BotDetectionService,
      ],
    };
  }
}
