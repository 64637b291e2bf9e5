import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Two phases (see scripts/test.mjs): the suite, then `DUET_TEST_PHASE=final` — checks over what
 * the whole suite left behind, such as every log line the test servers wrote.
 */
const finalPhase = process.env['DUET_TEST_PHASE'] === 'final';

export default defineConfig({
  test: {
    environment: 'node',
    pool: 'forks',
    include: finalPhase ? ['tests/final/**/*.test.ts'] : ['tests/**/*.test.ts'],
    exclude: finalPhase ? configDefaults.exclude : [...configDefaults.exclude, 'tests/final/**'],
    // --expose-gc lets the bounded-memory test measure heap after a real collection.
    execArgv: ['--expose-gc'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
