import 'reflect-metadata';
import { runGrpcService } from '@platform/platform-kit';
import { SpaceAgentModule } from './app/space-agent.module';

runGrpcService('space-agent', SpaceAgentModule, []);
