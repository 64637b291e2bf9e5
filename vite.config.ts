import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/** Paths from this file, so the build works whatever the working directory. */
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** The dev server proxies the API, socket.io and the Yjs endpoint to a server on port 3000. */
const backend = 'http://127.0.0.1:3000';

/**
 * The Python runner's memory snapshot (scripts/python-snapshot.mjs), made into the build after it
 * is written, in the folder the server looks in (server/http/runtimes.ts, `pythonSnapshotFile`).
 */
function pythonSnapshot(): Plugin {
  return {
    name: 'duet-python-snapshot',
    apply: 'build',
    closeBundle() {
      const made = spawnSync(process.execPath, [here('./scripts/python-snapshot.mjs'), here('./dist/runtimes/python-snapshot.gz')], {
        stdio: 'inherit',
        env: { ...process.env, TZ: 'UTC' },
      });
      if (made.status !== 0) throw new Error(`the Python snapshot failed (exit ${made.status})`);
    },
  };
}

export default defineConfig({
  plugins: [pythonSnapshot()],
  root: here('./client'),
  publicDir: false,
  // Vite 8 transforms with Oxc (its `esbuild` option is deprecated); JSX goes to Preact's runtime.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
  server: {
    proxy: {
      '/api': { target: backend },
      '/socket.io': { target: backend, ws: true },
      '/yjs': { target: backend, ws: true },
      '/runtimes': { target: backend },
    },
  },
});
