/**
 * Running code in the room: the wire contract and its limits, shared by server and client.
 *
 * Code runs in the browser of whoever presses Run (a Web Worker in a sandboxed frame); the server
 * never executes it. It relays what the runner's page reports — the run's start, its output as it
 * is produced, its end — to everyone in the room, and records each finished run as a room event.
 * Only the socket that started a run may send its output and its end.
 */
import type { AckFn } from './protocol.js';
import type { Language } from './schema.js';

export const RUN_LANGUAGES = ['javascript', 'typescript', 'python', 'sql'] as const satisfies readonly Language[];
export type RunLanguage = (typeof RUN_LANGUAGES)[number];
export const isRunLanguage = (language: string): language is RunLanguage => (RUN_LANGUAGES as readonly string[]).includes(language);

/** Languages whose questions carry test cases (TypeScript uses the JavaScript cases). */
export const TEST_LANGUAGES = ['javascript', 'python'] as const;
export type TestLanguage = (typeof TEST_LANGUAGES)[number];
export const testLanguageOf = (language: Language): TestLanguage | null =>
  language === 'javascript' || language === 'typescript' ? 'javascript' : language === 'python' ? 'python' : null;

export const RUN_LIMITS = {
  /** Output kept per run; beyond it the run is marked truncated (a print loop must not flood the room). */
  outputChars: 64 * 1024,
  /** One `run:output` message; the runner's page batches prints into messages of at most this. */
  chunkChars: 16 * 1024,
  /** What a program can read from its stdin box. */
  stdinChars: 64 * 1024,
  /** Runs a person may start per minute (each is stored and broadcast). */
  startsPerMinute: 30,
  /** Output messages per run: a page that sends one per print is refused long before it hurts. */
  chunksPerRun: 1000,
  /** The time limit an interviewer can set, in seconds, and its default. */
  timeLimitSec: { min: 1, max: 60, default: 10 },
  /** How long a runtime may take to load before a run fails (pyodide compiles ~10 MB of wasm). */
  loadMs: 60_000,
  /** After its load time, its limit and this, a run whose page never reported its end is ended by the server. */
  endGraceMs: 5_000,
  /** Finished runs a late joiner gets. */
  recent: 20,
  /** Test cases reported per tests run. */
  maxCases: 60,
} as const;

/**
 * The Python runner's worker sets this performance mark when Python is ready, its detail
 * `{ restored }` saying whether from the build's snapshot; the run benchmark reports both.
 */
export const PYTHON_READY_MARK = 'duet:python-ready';

export type RunStatus = 'running' | 'ok' | 'error' | 'timeout' | 'stopped';
export type RunEndStatus = Exclude<RunStatus, 'running'>;
/** A plain run, or "Run tests" against the question's test cases. */
export type RunKind = 'run' | 'tests';

/** One case's verdict as the room sees it: hidden cases are named by number only. */
export interface TestVerdict {
  name: string;
  hidden: boolean;
  passed: boolean;
}

export interface RunRecord {
  id: string;
  /** Participant id and name of whoever ran it. */
  by: string;
  byName: string;
  language: RunLanguage;
  kind: RunKind;
  status: RunStatus;
  startedAt: number;
  /** Null while running. */
  durationMs: number | null;
  output: string;
  truncated: boolean;
  /** Tests runs: per-case verdicts. */
  tests?: TestVerdict[];
}

// ---- test cases (question bank) ----

/**
 * One test case: `call` is code in the case's language whose last line is an expression (usually a
 * call of the candidate's function); earlier lines may set things up. Its value, as JSON, must equal
 * `expected` (JSON text).
 */
export interface TestCase {
  name: string;
  call: string;
  expected: string;
}

/** Test cases per language. Visible ones are in the question's public part; hidden ones in its guidance. */
export type TestSuite = Partial<Record<TestLanguage, TestCase[]>>;

// ---- wire ----

export interface RunStartRequest {
  language: RunLanguage;
  kind: RunKind;
}

export interface RunOutputRequest {
  runId: string;
  text: string;
}

export interface RunEndRequest {
  runId: string;
  status: RunEndStatus;
  durationMs: number;
  /** The runner's page stopped keeping output at the cap. */
  truncated?: boolean;
  tests?: TestVerdict[];
}

export interface RunServerEvents {
  /** A run started or ended (the record as it is now), to every socket of the room. */
  'run:update': (run: RunRecord) => void;
  /** Output of a run as it is produced, to every socket of the room but the runner's. */
  'run:output': (chunk: { runId: string; text: string }) => void;
  /** An interviewer cleared the console for everyone. */
  'run:cleared': () => void;
}

export interface RunClientEvents {
  /** Anyone: the latest runs, oldest first (a late joiner, a reload). */
  'run:list': (ack: AckFn<{ runs: RunRecord[] }>) => void;
  /** Whoever may run (`run:start` in the policy): starts a run from this socket. */
  'run:start': (request: RunStartRequest, ack: AckFn<{ run: RunRecord }>) => void;
  /** The run's own socket only. */
  'run:output': (request: RunOutputRequest, ack: AckFn) => void;
  'run:end': (request: RunEndRequest, ack: AckFn<{ run: RunRecord }>) => void;
  /** Interviewers: clear the console for everyone (the runs stay in the record and the report). */
  'run:clear': (ack: AckFn) => void;
}

/** Appends to a run's output up to the cap; what does not fit is dropped and the run marked truncated. */
export function appendOutput(run: { output: string; truncated: boolean }, text: string): { output: string; truncated: boolean } {
  const room = RUN_LIMITS.outputChars - run.output.length;
  if (text.length <= room) return { output: run.output + text, truncated: run.truncated };
  return { output: run.output + text.slice(0, Math.max(0, room)), truncated: true };
}
