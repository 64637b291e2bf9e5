// Builds the web client when `dist/` is missing or older than its sources (with the Python
// runner's snapshot, scripts/python-snapshot.mjs), and reports the size of the JavaScript a room
// page ships (gzip), against the 350 KB budget.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { isStale } from './stale.mjs';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const SOURCES = ['client', 'shared', 'vite.config.ts', 'package-lock.json'];
export const JS_BUDGET_BYTES = 350 * 1024;

/** Where the server looks for it (server/http/runtimes.ts, `pythonSnapshotFile`). */
const PYTHON_SNAPSHOT = path.join(dist, 'runtimes', 'python-snapshot.gz');
/** What the snapshot depends on: pyodide's version (the lock file) and how it is made. */
const SNAPSHOT_SOURCES = ['package-lock.json', 'scripts/python-snapshot.mjs'];

export function clientIsStale() {
  return isStale(root, path.join(dist, 'index.html'), SOURCES);
}

function makePythonSnapshot() {
  const script = path.join(root, 'scripts', 'python-snapshot.mjs');
  const result = spawnSync(process.execPath, [script, PYTHON_SNAPSHOT], { cwd: root, stdio: 'inherit', env: { ...process.env, TZ: 'UTC' } });
  if (result.status !== 0) throw new Error(`the Python snapshot failed (exit ${result.status})`);
}

/** `vite build` (which empties dist/), then the Python snapshot into it. */
export function buildClient() {
  const vite = path.join(root, 'node_modules', '.bin', 'vite');
  const result = spawnSync(vite, ['build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status})`);
  makePythonSnapshot();
}

export function ensureClientBuilt() {
  if (clientIsStale()) {
    console.log('Building the web client (dist/ is missing or stale)…');
    buildClient();
  } else if (isStale(root, PYTHON_SNAPSHOT, SNAPSHOT_SOURCES)) {
    console.log('Making the Python snapshot (missing or stale)…');
    makePythonSnapshot();
  }
}

const gzipSize = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;

/** Gzipped size of built files named as the page asks for them (`/assets/x.js`), summed. */
export function distGzip(urlPaths) {
  return urlPaths.reduce((total, p) => total + gzipSize(path.join(dist, p.replace(/^\//, ''))), 0);
}

/** JS the room page loads up front (entry + modulepreloads) and all chunks including lazy ones. */
export function jsReport() {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  const assets = fs.readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.js'));
  const sizes = Object.fromEntries(assets.map((f) => [`assets/${f}`, gzipSize(path.join(dist, 'assets', f))]));
  const sum = (files) => files.reduce((total, f) => total + (sizes[f] ?? 0), 0);
  return { initialGzip: sum(initial), allGzip: sum(Object.keys(sizes)), chunks: assets.length };
}
