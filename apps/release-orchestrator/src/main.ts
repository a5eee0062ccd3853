import 'reflect-metadata';
import { runGrpcService } from '@platform/platform-kit';
import { ReleaseOrchestratorModule } from './app/release-orchestrator.module';

runGrpcService('release-orchestrator', ReleaseOrchestratorModule, []);
