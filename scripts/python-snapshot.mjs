// Makes the Python runner's memory snapshot: pyodide started once here, in Node, and its memory
// written out (gzip), for the browser to restore instead of starting Python itself
// (client/src/run/sandbox/python.ts; served as `/runtimes/python-snapshot`).
//
// `node scripts/python-snapshot.mjs OUT`, run by `vite build` (vite.config.ts) in a process of its
// own, so the build keeps none of pyodide's memory. A snapshot only fits the pyodide it was made
// with (pyodide checks its build id): `ensureClientBuilt` rebuilds when package-lock.json changes.
//
// Whatever Python computed while starting is frozen in it, so it is made as the browser would
// start: no command line, the browser's program name, the time zone UTC (set by the caller).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { loadPyodide } from 'pyodide';

const out = process.argv[2];
if (!out) {
  console.error('usage: node scripts/python-snapshot.mjs OUT');
  process.exit(2);
}
if (process.env.TZ !== 'UTC') {
  console.error('python-snapshot: run with TZ=UTC, so the snapshot does not carry this machine’s time zone');
  process.exit(2);
}

// In Node, pyodide names the running script as Python's executable and in `$_`; a page has none.
const BROWSER_PROGRAM = './this.program';
const py = await loadPyodide({ _makeSnapshot: true, _sysExecutable: '/home/pyodide/this.program', env: { _: BROWSER_PROGRAM } });
// Loading puts '' at the front of sys.path after a restore too: take out this load's.
py.runPython("import sys\nif sys.path[0] == '': del sys.path[0]");
const bytes = py.makeMemorySnapshot();
fs.mkdirSync(path.dirname(out), { recursive: true });
const tmp = `${out}.tmp`;
fs.writeFileSync(tmp, zlib.gzipSync(bytes, { level: 6 }));
fs.renameSync(tmp, out);
