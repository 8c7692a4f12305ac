// Prints one plain closing line, "tests: N passed, N failed[, N skipped]", after Jest's own summary
// (written at process exit so it is the last line of the run).
import { writeSync } from 'node:fs';
import process from 'node:process';

export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const line = `tests: ${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`;
    process.once('exit', () => writeSync(2, line));
  }
}
