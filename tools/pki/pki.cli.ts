// Entry point of `npm run pki`. Everything else lives in pki.program.ts, so it can be tested
// without spawning a process.
import { runPki } from './pki.program';

void runPki(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
