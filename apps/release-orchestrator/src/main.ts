import 'reflect-metadata';
import { grpcPackages } from '@platform/contracts';
import { startGrpcService } from '@platform/platform-kit';
import { loadReleaseOrchestratorConfig } from './app/release-orchestrator.config';
import { ReleaseOrchestratorModule } from './app/release-orchestrator.module';

const { config, orchestrator } = loadReleaseOrchestratorConfig();
startGrpcService({
  config,
  module: ReleaseOrchestratorModule.forRoot(orchestrator),
  packages: [grpcPackages.release],
}).catch((error: unknown) => {
  process.stderr.write(
    `release-orchestrator: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
