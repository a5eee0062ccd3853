import 'reflect-metadata';
import { runGrpcService } from '@platform/platform-kit';
import { BotDetectionModule } from './app/bot-detection.module';

runGrpcService('bot-detection', BotDetectionModule, []);
