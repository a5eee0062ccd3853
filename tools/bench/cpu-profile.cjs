// Preloaded (NODE_OPTIONS=--require) into a benchmarked service when BENCH_CPU_PROF_DIR is set
// (each benchmark passes its own variable on as this one): `--cpu-prof` itself is refused in NODE_OPTIONS. Profiles the whole process and writes
// `<dir>/<pid>.cpuprofile` as it exits (open it in Chrome DevTools or speedscope).
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.env.BENCH_CPU_PROF_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 200 });
  session.post('Profiler.start');
  process.once('exit', () => {
    // An in-process session answers synchronously, so the profile is written before exit.
    session.post('Profiler.stop', (error, result) => {
      if (!error)
        writeFileSync(join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
