/**
 * Messages between the room page, the sandbox frame (/runtimes/sandbox.html, an opaque origin) and
 * the worker inside it. The frame only passes them on; the worker does the running.
 */
import type { RunLanguage, TestVerdict } from '../../../../shared/run.js';

/** A test case as the runner gets it: `hidden` cases report pass/fail only, never their values. */
export interface JobCase {
  name: string;
  call: string;
  expected: string;
  hidden: boolean;
}

export interface SandboxJob {
  id: number;
  language: RunLanguage;
  code: string;
  stdin: string;
  /** SQL: statements each run starts from (the question's schema and data). */
  sqlSeed?: string;
  /** Present for "Run tests": the cases, run one after another against `code`. */
  tests?: JobCase[];
}

export type ToSandbox = { type: 'run'; job: SandboxJob } | { type: 'stop' } | { type: 'warm'; language: RunLanguage };

export type FromSandbox =
  | { type: 'ready' }
  /** The runtime is loaded and the program starts now: the time limit counts from here. */
  | { type: 'started'; id: number }
  | { type: 'out'; id: number; text: string }
  /** The output reached the cap; what follows is dropped. */
  | { type: 'truncated'; id: number }
  | { type: 'done'; id: number; status: 'ok' | 'error'; tests?: TestVerdict[] };
