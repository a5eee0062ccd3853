import { runPlatformctl } from './lib/platformctl.program';
import { platformctlVersion } from './lib/platformctl-version';

void runPlatformctl(process.argv.slice(2), platformctlVersion()).then((code) => {
  process.exitCode = code;
});
