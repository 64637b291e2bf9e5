// Builds the web client when `dist/` is missing or older than its sources (`vite build`, which
// also makes the Python runner's snapshot, see vite.config.ts), and reports the size of the
// JavaScript a room page ships (gzip), against the 350 KB budget.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { isStale } from './stale.mjs';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const SOURCES = ['client', 'shared', 'vite.config.ts', 'package-lock.json', 'scripts/python-snapshot.mjs'];
export const JS_BUDGET_BYTES = 350 * 1024;

export function clientIsStale() {
  return isStale(root, path.join(dist, 'index.html'), SOURCES);
}

export function buildClient() {
  const vite = path.join(root, 'node_modules', '.bin', 'vite');
  const result = spawnSync(vite, ['build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status})`);
}

export function ensureClientBuilt() {
  if (clientIsStale()) {
    console.log('Building the web client (dist/ is missing or stale)…');
    buildClient();
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
