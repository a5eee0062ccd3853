import 'reflect-metadata';
import { grpcPackages } from '@platform/contracts';
import { startGrpcService } from '@platform/platform-kit';
import { loadControlPlaneConfig } from './app/control-plane.config';
import { ControlPlaneModule } from './app/control-plane.module';

const { config, controlPlane } = loadControlPlaneConfig();
startGrpcService({
  config,
  module: ControlPlaneModule.forRoot(controlPlane),
  packages: [grpcPackages.controlPlane],
}).catch((error: unknown) => {
  process.stderr.write(
    `control-plane: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
