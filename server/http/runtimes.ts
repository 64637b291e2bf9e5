/**
 * `/runtimes/`: what the in-browser runners load, served by Duet itself (never a CDN):
 *
 * - `sandbox.html` + `sandbox.js`: the frame the runners live in. The room page loads it with
 *   `sandbox="allow-scripts"` (an opaque origin: no cookies, no storage, no access to the page),
 *   under a policy that allows scripts and connections to this folder only — so a program can
 *   fetch nothing from anywhere, and the runtimes load from here.
 * - `worker.js`: the runner worker, sucrase included (built from client/src/run/sandbox with
 *   esbuild on first request, then kept in memory).
 * - `pyodide/…` and `sqljs/…`: the runtimes' files from node_modules, as named below, with
 *   `application/wasm` for WebAssembly. Readable from the opaque origin (CORS `*`: these files are
 *   public and carry no credentials).
 * - `python-snapshot`: a started Python's memory, which the Python runner restores instead of
 *   starting Python (made at build time into the client folder, see scripts/python-snapshot.mjs;
 *   stored and sent gzip-encoded). A 404 when the build made none: Python then starts as usual.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';
import express, { Router, type Response } from 'express';
import { notFound } from '../errors.js';
import { gzippedFiles, type GzippedFiles } from './gzipped.js';

/** The sandbox sources, from server/http/ (run from source) or dist-server/ (the bundled server). */
const SANDBOX_SRC = [path.resolve(import.meta.dirname, '..', '..'), path.resolve(import.meta.dirname, '..')]
  .map((root) => path.join(root, 'client', 'src', 'run', 'sandbox'))
  .find((dir) => fs.existsSync(dir)) ?? '';
const require = createRequire(import.meta.url);
/** Folders of the runtimes' npm packages. */
const PYODIDE_DIR = path.dirname(require.resolve('pyodide/package.json'));
const SQLJS_DIR = path.dirname(require.resolve('sql.js'));

/** The files each runtime needs; nothing else of those packages is served. */
const PYODIDE_FILES = ['pyodide.js', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'];
/** Sent gzip-encoded (the WebAssembly 9.6 → 3.7 MB); python_stdlib.zip is compressed already. */
const PYODIDE_GZIPPED = ['pyodide.asm.mjs', 'pyodide.asm.wasm'];
const SQLJS_FILES = ['sql-wasm.js', 'sql-wasm.wasm'];

const ONE_DAY_SEC = 86_400;

const SANDBOX_CSP = [
  "default-src 'none'",
  // eval: the JavaScript runner compiles the program; wasm: pyodide and sql.js.
  "script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval' blob:",
  'worker-src blob:',
  // Only this folder: the runtimes fetch their own files; a program can reach nothing else.
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const SANDBOX_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>Duet runner</title></head>
<body><script src="sandbox.js"></script></body></html>
`;

function headers(res: Response): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  res.setHeader('X-Content-Type-Options', 'nosniff');
}

/** Bundles a sandbox entry to one classic script, once. */
function bundler(entry: string): () => Promise<string> {
  let built: Promise<string> | null = null;
  return () => {
    built ??= build({
      entryPoints: [path.join(SANDBOX_SRC, entry)],
      bundle: true,
      write: false,
      format: 'iife',
      target: 'es2022',
      minify: true,
      logLevel: 'silent',
    }).then((out) => out.outputFiles[0]!.text);
    built.catch(() => (built = null));
    return built;
  };
}

/** Where the build puts the Python snapshot, in the client folder. */
export const pythonSnapshotFile = (clientDir: string): string => path.join(clientDir, 'runtimes', 'python-snapshot.gz');

export function runtimesRouter(clientDir: string): Router {
  const router = Router();
  const snapshot = pythonSnapshotFile(clientDir);
  const pyodideGzipped = gzippedFiles(PYODIDE_DIR, PYODIDE_GZIPPED, ONE_DAY_SEC);
  const scripts: Record<string, () => Promise<string>> = { 'sandbox.js': bundler('frame.ts'), 'worker.js': bundler('worker.ts') };

  router.get('/sandbox.html', (_req, res) => {
    headers(res);
    res.setHeader('Content-Security-Policy', SANDBOX_CSP);
    // Only Duet's own pages may frame it.
    res.setHeader('X-Frame-Options', 'SAMEORIGIN');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-cache');
    // A page is opening its runners: Python may follow, so compress its files now, not then.
    pyodideGzipped.warm();
    res.type('html').send(SANDBOX_HTML);
  });

  router.get('/python-snapshot', (req, res, next) => {
    // Every browser takes gzip; one that does not starts Python without it.
    if (!req.acceptsEncodings('gzip')) return next(notFound('the Python snapshot is sent gzip-encoded only'));
    headers(res);
    // Set only once the file is found, so a 404 goes out as a plain error. `no-cache`: a new
    // build's snapshot replaces the old one at once (the browser revalidates by ETag).
    const found = { 'Content-Encoding': 'gzip', 'Content-Type': 'application/octet-stream', 'Cache-Control': 'no-cache', Vary: 'Accept-Encoding' };
    res.sendFile(snapshot, { acceptRanges: false, cacheControl: false, headers: found }, (err) => {
      if (err && !res.headersSent) next(notFound('no Python snapshot in this build'));
    });
  });

  router.get('/:script', async (req, res, next) => {
    const script = scripts[req.params.script];
    if (!script) return next();
    const text = await script();
    headers(res);
    res.setHeader('Cache-Control', 'no-cache');
    res.type('text/javascript').send(text);
  });

  const files = (dir: string, allowed: string[], gzipped?: GzippedFiles) => {
    const r = Router();
    r.use((req, res, next) => {
      if (!allowed.includes(req.path.slice(1))) return next(notFound('no such runtime file'));
      headers(res);
      next();
    });
    if (gzipped) r.get('/:file', gzipped.handler);
    r.use(express.static(dir, { index: false, maxAge: ONE_DAY_SEC * 1000, fallthrough: false }));
    return r;
  };
  router.use('/pyodide', files(PYODIDE_DIR, PYODIDE_FILES, pyodideGzipped));
  router.use('/sqljs', files(SQLJS_DIR, SQLJS_FILES));
  router.use(() => {
    throw notFound('no such runtime file');
  });
  return router;
}
