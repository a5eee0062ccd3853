// Jest prints its own summary per project, but CI wants one `N passed, N failed` line for the
// whole run, summed over every Nx project. Each Jest run appends its counts here; the test
// runner (tools/ci/test.mjs) adds them up.
const fs = require('node:fs');

class CountReporter {
  constructor(globalConfig) {
    this.projectName = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const file = process.env.PLATFORM_TEST_COUNTS;
    if (!file) return;
    const suitesThatCouldNotRun = results.numRuntimeErrorTestSuites;
    const line = JSON.stringify({
      project: this.projectName,
      passed: results.numPassedTests,
      failed: results.numFailedTests + suitesThatCouldNotRun,
      pending: results.numPendingTests + results.numTodoTests,
    });
    fs.appendFileSync(file, `${line}\n`);
  }
}

module.exports = CountReporter;
