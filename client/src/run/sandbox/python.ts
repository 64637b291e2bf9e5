/**
 * Python in the runner worker: pyodide, from Duet's own `/runtimes/` (never a CDN, never
 * `loadPackage` or micropip, which would fetch from one; the standard library is local).
 *
 * Most of pyodide's load is Python starting up (initialising the interpreter, importing pyodide's
 * own modules). When the server has a memory snapshot of an interpreter that had just started
 * (`/runtimes/python-snapshot`, made by scripts/python-snapshot.mjs from the same pyodide), it is
 * restored instead, and only the WebAssembly is compiled here. Without one, or when it does not fit
 * this pyodide (pyodide checks its build id), Python starts as usual: slower, never wrong.
 */
import { PYTHON_READY_MARK } from '../../../../shared/run.js';

export interface Pyodide {
  runPythonAsync(code: string, options?: { globals?: unknown }): Promise<unknown>;
  runPython(code: string, options?: { globals?: unknown }): unknown;
  setStdout(options: { write: (buffer: Uint8Array) => number }): void;
  setStderr(options: { write: (buffer: Uint8Array) => number }): void;
  setStdin(options: { stdin: () => string | undefined }): void;
  globals: { get(name: string): unknown };
}

type LoadPyodide = (options: object) => Promise<Pyodide>;

/**
 * Run after a restore: everything in a snapshot is the same in every page, including the state
 * `random` was seeded with when pyodide imported it, so each page draws its own seed.
 */
const AFTER_RESTORE = 'import random\nrandom.seed()\n';

/** The snapshot's bytes; fails when the server has none. */
async function snapshotBytes(base: string): Promise<ArrayBuffer> {
  const response = await fetch(`${base}python-snapshot`);
  if (!response.ok) throw new Error(`no snapshot (HTTP ${response.status})`);
  return response.arrayBuffer();
}

/** Loads pyodide from `base` (the runtimes folder's URL), from the snapshot when there is one. */
export async function loadPyodideFrom(base: string, importScripts: (url: string) => void): Promise<Pyodide> {
  const { py, restored } = await load(base, importScripts);
  performance.mark(PYTHON_READY_MARK, { detail: { restored } });
  return py;
}

async function load(base: string, importScripts: (url: string) => void): Promise<{ py: Pyodide; restored: boolean }> {
  // Asked for at once and handed over as a promise: pyodide fetches the WebAssembly before it
  // waits for the snapshot, so the downloads overlap.
  const snapshot = snapshotBytes(base);
  snapshot.catch(() => undefined);
  importScripts(`${base}pyodide/pyodide.js`);
  const loadPyodide = (self as unknown as { loadPyodide: LoadPyodide }).loadPyodide;
  const options = { indexURL: `${base}pyodide/` };
  try {
    const py = await loadPyodide({ ...options, _loadSnapshot: snapshot });
    py.runPython(AFTER_RESTORE);
    return { py, restored: true };
  } catch (err) {
    console.warn('Python starts without a snapshot:', err);
  }
  return { py: await loadPyodide(options), restored: false };
}
