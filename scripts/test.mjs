// `npm test`: builds the client if needed (the browser tests load it), runs the whole vitest
// suite, and ends with the plain line CI reads, `N passed, N failed`, from vitest's JSON report.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureClientBuilt } from './client-build.mjs';

const root = path.resolve(import.meta.dirname, '..');
const report = path.join(root, '.vitest.json');
ensureClientBuilt();
fs.rmSync(report, { force: true });
const run = spawnSync(
  path.join(root, 'node_modules', '.bin', 'vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NO_COLOR: '1' } },
);
let passed = 0;
let failed = 0;
try {
  const result = JSON.parse(fs.readFileSync(report, 'utf8'));
  passed = result.numPassedTests;
  failed = result.numFailedTests;
  // A suite that fails to load has no failed tests of its own but must still fail the run.
  if (run.status !== 0 && failed === 0) failed = Math.max(1, result.numFailedTestSuites ?? 0);
  const skipped = (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0);
  if (skipped > 0) console.log(`${skipped} tests were skipped or todo: CI must run every test.`);
} catch {
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);
