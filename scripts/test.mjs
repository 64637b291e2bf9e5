// `npm test`: makes sure PostgreSQL and Redis answer (scripts/services.mjs), builds the client and the server bundle if needed (the browser tests load the one,
// the tests that run the server as its own process run the other), runs the whole vitest
// suite, then the final checks over what it left behind (every log line, scanned for tokens),
// and ends with the plain line CI reads, `N passed, N failed`, from vitest's JSON reports.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureClientBuilt } from './client-build.mjs';
import { ensureServerBuilt } from './server-build.mjs';
import { findChromium } from './chromium.mjs';
import { ensureServices } from './services.mjs';

const root = path.resolve(import.meta.dirname, '..');
const artifacts = path.join(root, 'artifacts');
ensureClientBuilt();
await ensureServerBuilt(root);
// Found (and, from the npm package, extracted) once here, so parallel test files never race to
// extract it; every browser test then launches the same executable.
const browser = await findChromium();
process.env['CHROMIUM_PATH'] = browser.executablePath;
console.log(`Chromium for the browser tests: ${browser.executablePath} (${browser.source})`);
// PostgreSQL and Redis for the scale-out tests: the machine's, or our own (scripts/services.mjs).
const services = await ensureServices();
process.env['DUET_TEST_DATABASE_URL'] = services.databaseUrl;
process.env['DUET_TEST_REDIS_URL'] = services.redisUrl;
for (const dir of ['test-logs', 'test-secrets']) fs.rmSync(path.join(artifacts, dir), { recursive: true, force: true });

function phase(name, args) {
  const report = path.join(root, `.vitest-${name}.json`);
  fs.rmSync(report, { force: true });
  const run = spawnSync(
    path.join(root, 'node_modules', '.bin', 'vitest'),
    ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args],
    { cwd: root, stdio: 'inherit', env: { ...process.env, NO_COLOR: '1', DUET_TEST_PHASE: name } },
  );
  try {
    const result = JSON.parse(fs.readFileSync(report, 'utf8'));
    let failed = result.numFailedTests;
    // A suite that fails to load has no failed tests of its own but must still fail the run.
    if (run.status !== 0 && failed === 0) failed = Math.max(1, result.numFailedTestSuites ?? 0);
    const skipped = (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0);
    if (skipped > 0) console.log(`${skipped} tests were skipped or todo: CI must run every test.`);
    return { passed: result.numPassedTests, failed: failed + skipped, ok: run.status === 0 && failed + skipped === 0 };
  } catch {
    return { passed: 0, failed: 1, ok: false };
  }
}

const filters = process.argv.slice(2);
const results = [phase('suite', filters)];
if (filters.length === 0) results.push(phase('final', []));
await services.stop();
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
