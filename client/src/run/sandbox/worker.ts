/**
 * The runner: a classic worker inside the sandbox frame (no same origin, no network but Duet's own
 * runtime files). It runs one job at a time and reports output as it is produced; stopping it is
 * the frame terminating it. Built by the server with esbuild (`/runtimes/worker.js`), sucrase
 * included, so TypeScript is transpiled here and never in the page.
 *
 * Output is capped here, at the source: a print loop would otherwise flood the page with messages.
 */
import { transform } from 'sucrase';
import { RUN_LIMITS, type TestVerdict } from '../../../../shared/run.js';
import { canonExpected, canonJson, jsCaseSource, PY_CASE_HARNESS } from './cases.js';
import type { FromSandbox, JobCase, SandboxJob } from './messages.js';
import { loadPyodideFrom, type Pyodide } from './python.js';

interface WorkerScope {
  postMessage(message: FromSandbox): void;
  onmessage: ((event: MessageEvent<WorkerMessage>) => void) | null;
  importScripts(...urls: string[]): void;
}
const scope = self as unknown as WorkerScope;

/** From the frame: where the runtimes are (and which to load at once), then jobs. */
export type WorkerMessage = { type: 'init'; base: string; warm?: string } | { type: 'run'; job: SandboxJob };

let base = '';
let jobId = 0;

// ---- output ----

let sent = 0;
let truncated = false;
let pending = '';
let lastFlush = 0;
/** During a tests run, output goes to the current case instead of the console. */
let capture: string[] | null = null;

function flush(): void {
  if (pending) scope.postMessage({ type: 'out', id: jobId, text: pending });
  pending = '';
  lastFlush = performance.now();
}

function emit(text: string): void {
  if (capture) {
    capture.push(text);
    return;
  }
  if (truncated || !text) return;
  const room = RUN_LIMITS.outputChars - sent;
  const kept = text.length > room ? text.slice(0, room) : text;
  sent += kept.length;
  pending += kept;
  if (kept.length < text.length) {
    truncated = true;
    flush();
    scope.postMessage({ type: 'truncated', id: jobId });
    return;
  }
  // Batched by size and time: a tight loop of prints is a few messages, not thousands.
  if (pending.length >= 4096 || performance.now() - lastFlush > 30) flush();
}
setInterval(flush, 40);

function format(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  if (typeof value === 'function') return `[Function ${value.name || 'anonymous'}]`;
  if (value === undefined || typeof value === 'bigint' || typeof value === 'symbol') return String(value);
  if (value instanceof Map) return `Map(${value.size}) ${format(Object.fromEntries(value))}`;
  if (value instanceof Set) return `Set(${value.size}) ${format([...value])}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function finish(status: 'ok' | 'error', tests?: TestVerdict[]): void {
  capture = null;
  flush();
  scope.postMessage({ type: 'done', id: jobId, status, ...(tests ? { tests } : {}) });
}

/** The error as the candidate needs it; the stack would show only the runner's own frames. */
const errorText = (err: unknown): string => (err instanceof Error ? `${err.name}: ${err.message}\n` : `Uncaught ${format(err)}\n`);

// ---- JavaScript and TypeScript ----

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...args: unknown[]) => Promise<unknown>;

/** Timers the program still has: like Node, the run ends when its code returned and none is left. */
let liveTimers = 0;
let onIdle: (() => void) | null = null;
const realSetTimeout = setTimeout;
const realSetInterval = setInterval;
const realClear = clearTimeout;
const timerIds = new Set<number>();
function trackTimers(): Record<string, unknown> {
  const done = (id: number): void => {
    if (timerIds.delete(id)) liveTimers--;
    if (liveTimers === 0) onIdle?.();
  };
  return {
    setTimeout: (fn: () => void, ms?: number, ...args: unknown[]) => {
      const id = realSetTimeout(() => {
        done(id);
        fn(...(args as []));
      }, ms) as unknown as number;
      timerIds.add(id);
      liveTimers++;
      return id;
    },
    setInterval: (fn: () => void, ms?: number, ...args: unknown[]) => {
      const id = realSetInterval(() => fn(...(args as [])), ms) as unknown as number;
      timerIds.add(id);
      liveTimers++;
      return id;
    },
    clearTimeout: (id: number) => {
      realClear(id);
      done(id);
    },
    clearInterval: (id: number) => {
      realClear(id);
      done(id);
    },
  };
}

function jsGlobals(stdin: string): Record<string, unknown> {
  const lines = stdin.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const readline = (): string | null => (lines.length ? lines.shift()! : null);
  const print = (...args: unknown[]): void => emit(args.map(format).join(' ') + '\n');
  const console = { log: print, info: print, warn: print, error: print, debug: print, trace: print };
  const require = (name: string): unknown => {
    if (name === 'fs') return { readFileSync: (file: unknown) => (file === 0 || file === '/dev/stdin' ? stdin : Promise.reject(new Error('no files here'))) };
    throw new Error(`require('${name}'): only 'fs' (to read stdin) is available here`);
  };
  return { console, readline, prompt: readline, stdin, require, ...trackTimers() };
}

function toJs(job: SandboxJob, code: string): string {
  return job.language === 'typescript' ? transform(code, { transforms: ['typescript'], disableESTransforms: true }).code : code;
}

async function runJs(job: SandboxJob): Promise<void> {
  const globals = jsGlobals(job.stdin);
  const names = Object.keys(globals);
  let code: string;
  try {
    code = toJs(job, job.code);
  } catch (err) {
    emit(`TypeScript: ${err instanceof Error ? err.message : String(err)}\n`);
    return finish('error');
  }
  if (job.tests) return runJsTests(job, code, globals);
  scope.postMessage({ type: 'started', id: job.id });
  try {
    await new AsyncFunction(...names, code)(...names.map((n) => globals[n]));
  } catch (err) {
    emit(errorText(err));
    return finish('error');
  }
  if (liveTimers === 0) return finish('ok');
  onIdle = () => finish('ok');
}

async function runJsTests(job: SandboxJob, code: string, globals: Record<string, unknown>): Promise<void> {
  const names = Object.keys(globals);
  scope.postMessage({ type: 'started', id: job.id });
  const verdicts: TestVerdict[] = [];
  for (const c of job.tests ?? []) {
    capture = [];
    let got: string;
    try {
      const source = jsCaseSource(code, toJs(job, c.call));
      got = canonJson(await new AsyncFunction(...names, source)(...names.map((n) => globals[n])));
    } catch (err) {
      got = `threw ${errorText(err).trim()}`;
    }
    verdicts.push(report(c, got, canonExpected(c.expected), capture));
  }
  summary(verdicts);
}

/** One case's line in the console; a hidden case shows only whether it passed. */
function report(c: JobCase, got: string, want: string, printed: string[]): TestVerdict {
  capture = null;
  const passed = got === want;
  if (c.hidden) emit(`${passed ? 'PASS' : 'FAIL'} ${c.name}\n`);
  else {
    emit(`${passed ? 'PASS' : 'FAIL'} ${c.name}: ${c.call.split('\n').at(-1)}\n`);
    if (!passed) emit(`  expected ${want}\n  got      ${got}\n`);
    const out = printed.join('');
    if (out) emit(out.slice(0, 2000).replace(/^/gm, '  | ') + '\n');
  }
  return { name: c.name, hidden: c.hidden, passed };
}

function summary(verdicts: TestVerdict[]): void {
  const passed = verdicts.filter((v) => v.passed).length;
  emit(`${passed}/${verdicts.length} passed\n`);
  finish(passed === verdicts.length ? 'ok' : 'error', verdicts);
}

// ---- Python ----

let pyodide: Promise<Pyodide> | null = null;

function loadPython(): Promise<Pyodide> {
  if (!pyodide) {
    pyodide = (async () => {
      const py = await loadPyodideFrom(base, (url) => scope.importScripts(url));
      const decoder = new TextDecoder();
      const write = (buffer: Uint8Array): number => {
        emit(decoder.decode(buffer, { stream: true }));
        return buffer.length;
      };
      py.setStdout({ write });
      py.setStderr({ write });
      py.runPython(PY_CASE_HARNESS);
      return py;
    })();
  }
  return pyodide;
}

async function runPython(job: SandboxJob): Promise<void> {
  const py = await loadPython();
  let stdinUsed = false;
  py.setStdin({
    stdin: () => {
      if (stdinUsed || job.stdin === '') return undefined;
      stdinUsed = true;
      return job.stdin;
    },
  });
  scope.postMessage({ type: 'started', id: job.id });
  if (job.tests) {
    const runCase = py.globals.get('__duet_case') as (code: string, call: string, expected: string) => { toJs(): [boolean, string, string]; destroy(): void };
    const verdicts: TestVerdict[] = [];
    for (const c of job.tests) {
      capture = [];
      let got: string;
      let want = canonExpected(c.expected);
      try {
        const result = runCase(job.code, c.call, c.expected);
        [, got, want] = result.toJs();
        result.destroy();
      } catch (err) {
        got = `raised ${pythonError(err)}`;
      }
      verdicts.push(report(c, got, want, capture));
    }
    return summary(verdicts);
  }
  const fresh = (py.globals.get('dict') as () => { set(k: string, v: string): void })();
  fresh.set('__name__', '__main__');
  try {
    await py.runPythonAsync(job.code, { globals: fresh });
    finish('ok');
  } catch (err) {
    emit(pythonError(err) + '\n');
    finish('error');
  }
}

/** The traceback from the candidate's code on, without pyodide's own frames. */
function pythonError(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const lines = text.trimEnd().split('\n');
  const own = lines.findIndex((l) => l.includes('File "<exec>"') || l.includes('File "<pad>"'));
  return own > 0 ? ['Traceback (most recent call last):', ...lines.slice(own)].join('\n') : text.trimEnd();
}

// ---- SQL ----

interface SqlJs {
  Database: new () => { exec(sql: string): { columns: string[]; values: unknown[][] }[]; close(): void };
}
let sqlJs: Promise<SqlJs> | null = null;

function loadSql(): Promise<SqlJs> {
  if (!sqlJs) {
    scope.importScripts(`${base}sqljs/sql-wasm.js`);
    const init = (self as unknown as { initSqlJs: (o: object) => Promise<SqlJs> }).initSqlJs;
    sqlJs = init({ locateFile: (file: string) => `${base}sqljs/${file}` });
  }
  return sqlJs;
}

function table(result: { columns: string[]; values: unknown[][] }): string {
  const cells = [result.columns, ...result.values.map((row) => row.map((v) => (v === null ? 'NULL' : String(v))))];
  const widths = result.columns.map((_, i) => Math.max(...cells.map((r) => String(r[i]).length)));
  const line = (row: unknown[]) => row.map((v, i) => String(v).padEnd(widths[i]!)).join(' | ').trimEnd();
  const rows = result.values.length;
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('-+-'), ...cells.slice(1).map(line), `(${rows} row${rows === 1 ? '' : 's'})`, ''].join('\n');
}

async function runSql(job: SandboxJob): Promise<void> {
  const SQL = await loadSql();
  const db = new SQL.Database();
  try {
    if (job.sqlSeed) db.exec(job.sqlSeed);
  } catch (err) {
    emit(`The question's seed data failed: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  scope.postMessage({ type: 'started', id: job.id });
  try {
    const results = db.exec(job.code);
    for (const r of results) emit(table(r) + '\n');
    if (results.length === 0) emit('OK (no rows returned)\n');
    finish('ok');
  } catch (err) {
    emit(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
    finish('error');
  } finally {
    db.close();
  }
}

// ---- dispatch ----

self.addEventListener('unhandledrejection', (event) => {
  emit(errorText((event as PromiseRejectionEvent).reason));
  finish('error');
});
self.addEventListener('error', (event) => {
  emit(errorText((event as ErrorEvent).error ?? (event as ErrorEvent).message));
  finish('error');
});

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === 'init') {
    base = message.base;
    // Python's and SQL's runtimes load at once, so the first run does not wait for them.
    if (message.warm === 'python') void loadPython().catch(() => undefined);
    if (message.warm === 'sql') void loadSql().catch(() => undefined);
    return;
  }
  const job = message.job;
  jobId = job.id;
  sent = 0;
  truncated = false;
  pending = '';
  const run = job.language === 'python' ? runPython : job.language === 'sql' ? runSql : runJs;
  run(job).catch((err: unknown) => {
    emit(`The runner failed: ${errorText(err)}`);
    finish('error');
  });
};
