import { runPlatformctl } from './lib/platformctl.program';
import { platformctlVersion } from './lib/platformctl-version';

// grpc-js sends the server's IP address as the TLS server name, and Node flags that as deprecated
// (DEP0123) on every run against 127.0.0.1. An operator can do nothing about it, and the CLI
// promises one line per error on stderr.
process.noDeprecation = true;

void runPlatformctl(process.argv.slice(2), platformctlVersion()).then((code) => {
  process.exitCode = code;
});
