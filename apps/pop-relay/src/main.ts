import 'reflect-metadata';
import { grpcPackages } from '@platform/contracts';
import { startGrpcService } from '@platform/platform-kit';
import { PopRelayModule } from './app/pop-relay.module';
import { loadRelayConfig } from './app/relay.config';

const { config, relay } = loadRelayConfig();
startGrpcService({
  config,
  module: PopRelayModule.forRoot(relay),
  packages: [grpcPackages.relay],
}).catch((error: unknown) => {
  process.stderr.write(
    `pop-relay: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
