/**
 * The page's side of the runners, loaded on the first Run (never in the room page's first load):
 * a hidden sandboxed frame (`/runtimes/sandbox.html`, opaque origin) holding the runner workers,
 * one job at a time, with its time limit kept here. The limit counts from the moment the program
 * starts, not while a runtime loads; a run over it, or stopped, has its worker terminated.
 */
import { RUN_LIMITS, type RunEndStatus, type RunLanguage, type TestVerdict } from '../../../shared/run.js';
import type { FromSandbox, SandboxJob, ToSandbox } from './sandbox/messages.js';

export interface RunOutcome {
  status: RunEndStatus;
  /** From the program's start to its end (a runtime's loading not counted). */
  durationMs: number;
  truncated: boolean;
  tests?: TestVerdict[];
}

export interface RunCallbacks {
  onOutput: (text: string) => void;
}


interface Active {
  id: number;
  callbacks: RunCallbacks;
  limitMs: number;
  startedAt: number | null;
  truncated: boolean;
  timer: ReturnType<typeof setTimeout>;
  resolve: (outcome: RunOutcome) => void;
}

export class Sandbox {
  private readonly frame: HTMLIFrameElement;
  private readonly ready: Promise<void>;
  private nextId = 1;
  private active: Active | null = null;
  private readonly onMessage: (event: MessageEvent<FromSandbox>) => void;

  constructor() {
    this.frame = document.createElement('iframe');
    // Scripts only: no same origin (so no cookies, storage or access to this page), no forms,
    // no popups, no top navigation.
    this.frame.setAttribute('sandbox', 'allow-scripts');
    this.frame.title = 'Code runner';
    this.frame.hidden = true;
    this.frame.src = '/runtimes/sandbox.html';
    let markReady!: () => void;
    this.ready = new Promise((resolve) => (markReady = resolve));
    this.onMessage = (event) => {
      if (event.source !== this.frame.contentWindow) return;
      if (event.data.type === 'ready') markReady();
      else this.handle(event.data);
    };
    window.addEventListener('message', this.onMessage);
    document.body.append(this.frame);
  }

  private post(message: ToSandbox): void {
    this.frame.contentWindow?.postMessage(message, '*');
  }

  /** Loads a runtime now, so the first run of that language does not wait for it. */
  warm(language: RunLanguage): void {
    void this.ready.then(() => this.post({ type: 'warm', language }));
  }

  /** Runs a job; resolves when it ends by itself, fails, runs out of time or is stopped. */
  async run(job: Omit<SandboxJob, 'id'>, limitMs: number, callbacks: RunCallbacks): Promise<RunOutcome> {
    this.stop();
    const id = this.nextId++;
    const outcome = new Promise<RunOutcome>((resolve) => {
      const timer = setTimeout(() => {
        callbacks.onOutput('The runtime did not load in time.\n');
        this.end('error');
      }, RUN_LIMITS.loadMs);
      this.active = { id, callbacks, limitMs, startedAt: null, truncated: false, timer, resolve };
    });
    await this.ready;
    if (this.active?.id === id) this.post({ type: 'run', job: { ...job, id } });
    return outcome;
  }

  /** Stops the current run, if any (its worker is terminated). */
  stop(): void {
    if (this.active) this.end('stopped');
  }

  private handle(message: Exclude<FromSandbox, { type: 'ready' }>): void {
    const active = this.active;
    if (!active || message.id !== active.id) return;
    if (message.type === 'started') {
      active.startedAt = performance.now();
      clearTimeout(active.timer);
      active.timer = setTimeout(() => this.end('timeout'), active.limitMs);
    } else if (message.type === 'out') active.callbacks.onOutput(message.text);
    else if (message.type === 'truncated') active.truncated = true;
    else this.end(message.status, message.tests);
  }

  private end(status: RunEndStatus, tests?: TestVerdict[]): void {
    const active = this.active;
    if (!active) return;
    this.active = null;
    clearTimeout(active.timer);
    if (status === 'timeout' || status === 'stopped') this.post({ type: 'stop' });
    const durationMs = active.startedAt === null ? 0 : Math.round(performance.now() - active.startedAt);
    active.resolve({ status, durationMs, truncated: active.truncated, ...(tests ? { tests } : {}) });
  }

  destroy(): void {
    this.stop();
    window.removeEventListener('message', this.onMessage);
    this.frame.remove();
  }
}

let shared: Sandbox | null = null;

/** The page's one sandbox, created on first use. */
export function sandbox(): Sandbox {
  shared ??= new Sandbox();
  return shared;
}
