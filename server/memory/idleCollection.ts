/**
 * Gives a busy spell's garbage back to the system once the whole server has gone quiet.
 *
 * Why: a burst (many rooms created and joined at once, people arriving for a round of interviews)
 * grows V8's young generation up to 2 × 16 MB and leaves dead objects in the old one. V8 shrinks
 * both only at a later full collection, and an idle server allocates too little to trigger one:
 * its memory reducer runs only in some cases. So a host would keep paying for the burst: with 500
 * idle rooms, tens of MB of RSS (s3 in bench/RESULTS.md reads the young generation that stays).
 *
 * When the event loop has been nearly idle (under 2 % busy) for `quietMs` and V8's heap is at
 * least `minGrowthBytes` larger than after the last such collection, the server runs one full
 * collection (a pause of milliseconds per ten MB of heap). Then at most a keystroke or two of the
 * few people still typing waits for it. Busy servers never collect this way, and a server that
 * stays quiet collects once, not on every check: the heap has to grow again first.
 */
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { Logger } from 'pino';

export interface IdleCollectionPolicy {
  /** How long the event loop must have been quiet; 0 turns idle collection off. */
  quietMs: number;
  /** How often the loop's utilization and the heap size are read. */
  checkEveryMs: number;
  /** A window whose event-loop utilization stays below this counts as quiet. */
  quietUtilization: number;
  /** Heap growth since the last idle collection that makes one worth its pause. */
  minGrowthBytes: number;
}

export const DEFAULT_IDLE_COLLECTION: IdleCollectionPolicy = {
  // V8's own memory reducer waits 8 s after a full collection before its first idle one.
  quietMs: 8000,
  checkEveryMs: 2000,
  quietUtilization: 0.02,
  minGrowthBytes: 8 * 1024 * 1024,
};

export interface IdleState {
  /** When the current quiet stretch began, or null while busy. */
  quietSince: number | null;
  /** V8's committed heap right after the last idle collection (at start: the heap then). */
  heapAfterCollection: number;
}

export interface IdleSample {
  now: number;
  /** Event-loop utilization (0–1) since the previous sample. */
  utilization: number;
  /** V8's committed heap now. */
  heapBytes: number;
}

/** The pure decision: the next state, and whether to collect now. */
export function idleStep(state: IdleState, sample: IdleSample, policy: IdleCollectionPolicy): { state: IdleState; collect: boolean } {
  if (sample.utilization >= policy.quietUtilization) {
    return { state: { ...state, quietSince: null }, collect: false };
  }
  const quietSince = state.quietSince ?? sample.now;
  const quietLongEnough = sample.now - quietSince >= policy.quietMs;
  const grown = sample.heapBytes - state.heapAfterCollection >= policy.minGrowthBytes;
  return { state: { ...state, quietSince }, collect: quietLongEnough && grown };
}

/**
 * Node exposes V8's `gc()` only with `--expose-gc`; with the flag set, a new context gets the
 * function (the way Jest's leak detector gets it), without asking every way of starting the
 * server to pass a flag. The context is made anew each time and dropped: keeping it would hold
 * ~150 KB for a function used once in a while.
 */
function collectAllGarbage(): void {
  (vm.runInNewContext('gc') as () => void)();
}

const committedHeap = (): number => v8.getHeapStatistics().total_heap_size;

/** Starts the checks for this process; returns a function that stops them. */
export function startIdleCollection(policy: IdleCollectionPolicy, log: Logger): () => void {
  if (policy.quietMs <= 0) return () => {};
  v8.setFlagsFromString('--expose-gc');
  let state: IdleState = { quietSince: null, heapAfterCollection: committedHeap() };
  let previous: EventLoopUtilization = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const current = performance.eventLoopUtilization();
    const sample = { now: performance.now(), utilization: performance.eventLoopUtilization(current, previous).utilization, heapBytes: committedHeap() };
    const step = idleStep(state, sample, policy);
    previous = current;
    state = step.state;
    if (!step.collect) return;
    collectAllGarbage();
    const heapAfter = committedHeap();
    state = { quietSince: null, heapAfterCollection: heapAfter };
    // The collection itself made this window busy; the next window starts after it.
    previous = performance.eventLoopUtilization();
    log.info({ heapBefore: sample.heapBytes, heapAfter, pauseMs: Math.round(performance.now() - sample.now) }, 'quiet: collected garbage');
  }, policy.checkEveryMs);
  timer.unref();
  return () => clearInterval(timer);
}
