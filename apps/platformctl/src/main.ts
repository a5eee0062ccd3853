import { CommanderError } from 'commander';
import { buildPlatformctl } from './lib/platformctl.program';
import { platformctlVersion } from './lib/platformctl-version';

const usageErrorExitCode = 2;

buildPlatformctl(platformctlVersion())
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    if (error instanceof CommanderError) {
      // --help and --version end through here with code 0; usage mistakes are exit 2.
      process.exit(error.exitCode === 0 ? 0 : usageErrorExitCode);
    }
    process.stderr.write(
      `platformctl: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
