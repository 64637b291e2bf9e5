/**
 * The sandbox frame (`/runtimes/sandbox.html`): loaded in an iframe with `sandbox="allow-scripts"`
 * and no same origin, under a policy that lets it reach nothing but Duet's runtime files. It keeps
 * the runner workers and passes messages between them and the room page.
 *
 * A JavaScript worker runs one job and is thrown away (nothing a program left behind survives);
 * Python's and SQL's are kept warm and reused, since loading their runtime takes seconds. Stopping
 * is terminating the worker, whatever it is doing; a fresh one is started at once.
 */
import type { RunLanguage } from '../../../../shared/run.js';
import type { FromSandbox, ToSandbox } from './messages.js';
import type { WorkerMessage } from './worker.js';

type Kind = 'js' | 'python' | 'sql';
const kindOf = (language: RunLanguage): Kind => (language === 'python' ? 'python' : language === 'sql' ? 'sql' : 'js');

/** The runtimes folder, with the server's real origin (this document's own origin is opaque). */
const base = new URL('./', location.href).href;
const spare = new Map<Kind, Worker>();
let current: { worker: Worker; kind: Kind; id: number } | null = null;

const toPage = (message: FromSandbox): void => parent.postMessage(message, '*');

function spawn(kind: Kind): Worker {
  // A classic worker from a Blob URL: a module worker, or one from a URL of another origin, cannot
  // start inside an opaque origin.
  const source = `importScripts(${JSON.stringify(`${base}worker.js`)});`;
  const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
  worker.onmessage = (event: MessageEvent<FromSandbox>) => {
    if (current?.worker !== worker) return;
    toPage(event.data);
    if (event.data.type === 'done') retire(false);
  };
  worker.onerror = (event) => {
    // Handled here, never an uncaught page error: a spare that failed to load (offline, say) is
    // dropped so the next run starts a fresh one; the current run reports it in its output.
    event.preventDefault();
    if (spare.get(kind) === worker) spare.delete(kind);
    if (current?.worker !== worker) return;
    toPage({ type: 'out', id: current.id, text: `The runner could not start: ${event.message}\n` });
    toPage({ type: 'done', id: current.id, status: 'error' });
    retire(true);
  };
  const init: WorkerMessage = kind === 'js' ? { type: 'init', base } : { type: 'init', base, warm: kind };
  worker.postMessage(init);
  return worker;
}

function take(kind: Kind): Worker {
  const worker = spare.get(kind);
  spare.delete(kind);
  return worker ?? spawn(kind);
}

/** The current job is over: keep a warm runtime for the next run, or start a fresh worker. */
function retire(kill: boolean): void {
  if (!current) return;
  const { worker, kind } = current;
  current = null;
  if (kill || kind === 'js') {
    worker.terminate();
    if (kind !== 'js') spare.set(kind, spawn(kind));
  } else {
    spare.set(kind, worker);
  }
}

window.addEventListener('message', (event: MessageEvent<ToSandbox>) => {
  if (event.source !== parent) return;
  const message = event.data;
  if (message.type === 'run') {
    retire(true);
    const kind = kindOf(message.job.language);
    current = { worker: take(kind), kind, id: message.job.id };
    current.worker.postMessage({ type: 'run', job: message.job } satisfies WorkerMessage);
  } else if (message.type === 'stop') {
    retire(true);
  } else if (message.type === 'warm') {
    const kind = kindOf(message.language);
    if (!spare.has(kind) && current?.kind !== kind) spare.set(kind, spawn(kind));
  }
});

toPage({ type: 'ready' });
