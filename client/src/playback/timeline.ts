/**
 * The playback timeline: a document's stored update log turned into "the document at time T".
 * Pure (Yjs only, no DOM), so the server's tests, the benchmark and the page all use this one
 * reconstruction.
 *
 * Keyframes: while the log is first read, the document's full state is kept every
 * `keyframeEvery` updates, so a seek starts from the nearest keyframe at or before T and applies
 * at most that many updates — never the whole interview from its start. Playing forward applies
 * only the updates since the last position to the same document.
 *
 * Times are the server's receipt times, in stored order. Should a stored time ever go backwards
 * (the server's clock stepped), an update counts from the latest time before it, so the log stays
 * a prefix in time and "every update with t ≤ T" is always its first n updates.
 */
import { fromBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import type { ReplayUpdate } from '../../../shared/replay.js';

export const DEFAULT_KEYFRAME_EVERY = 400;

/** One update's contribution: the clock range `[from, to)` it added for a Yjs client. */
interface Insertion {
  from: number;
  to: number;
  index: number;
}

export interface DocAt {
  doc: Y.Doc;
  /** How many updates (the first n of the log) the document holds. */
  applied: number;
  /** A new document (a seek) rather than the previous one moved forward. */
  fresh: boolean;
}

export class DocTimeline {
  /** Receipt times, never decreasing (see above). */
  readonly times: number[];
  readonly authors: (string | null)[];
  private readonly updates: Uint8Array[];
  private readonly keyframes: { applied: number; state: Uint8Array }[] = [];
  /** Per Yjs client id: the clock ranges each update inserted, in order. */
  private readonly insertions = new Map<number, Insertion[]>();
  private current: { doc: Y.Doc; applied: number } | null = null;

  constructor(
    log: readonly ReplayUpdate[],
    readonly keyframeEvery = DEFAULT_KEYFRAME_EVERY,
  ) {
    this.updates = log.map((u) => fromBase64(u.update));
    this.authors = log.map((u) => u.by);
    let latest = -Infinity;
    this.times = log.map((u) => (latest = Math.max(latest, u.t)));
    this.index();
  }

  get length(): number {
    return this.updates.length;
  }

  /** How many updates have `t ≤ at`. */
  countAt(at: number): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid]! <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** A fresh document holding every update with `t ≤ at`, built from the nearest keyframe. */
  docAt(at: number): Y.Doc {
    return this.build(this.countAt(at));
  }

  /**
   * The document at `at`, reusing the last one when moving forward by less than a keyframe's
   * worth of updates (playing); otherwise a fresh one (seeking). The caller must not change it.
   */
  moveTo(at: number): DocAt {
    const target = this.countAt(at);
    const cur = this.current;
    if (cur && target >= cur.applied && target - cur.applied < this.keyframeEvery) {
      for (let i = cur.applied; i < target; i++) Y.applyUpdate(cur.doc, this.updates[i]!);
      cur.applied = target;
      return { doc: cur.doc, applied: target, fresh: false };
    }
    cur?.doc.destroy();
    this.current = { doc: this.build(target), applied: target };
    return { doc: this.current.doc, applied: target, fresh: true };
  }

  /**
   * The update (index into the log) that inserted the item `client:clock`, or -1 if unknown, and
   * the clock up to which that update's insertion runs.
   */
  insertedBy(client: number, clock: number): { update: number; until: number } {
    const list = this.insertions.get(client);
    let lo = 0;
    let hi = (list?.length ?? 0) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = list![mid]!;
      if (clock < r.from) hi = mid - 1;
      else if (clock >= r.to) lo = mid + 1;
      else return { update: r.index, until: r.to };
    }
    return { update: -1, until: clock + 1 };
  }

  private build(applied: number): Y.Doc {
    const doc = new Y.Doc();
    let k = -1;
    for (let i = this.keyframes.length - 1; i >= 0; i--) {
      if (this.keyframes[i]!.applied <= applied) {
        k = i;
        break;
      }
    }
    let from = 0;
    if (k >= 0) {
      Y.applyUpdate(doc, this.keyframes[k]!.state);
      from = this.keyframes[k]!.applied;
    }
    for (let i = from; i < applied; i++) Y.applyUpdate(doc, this.updates[i]!);
    return doc;
  }

  /** One pass over the log: keyframes, and which update inserted which Yjs items. */
  private index(): void {
    const doc = new Y.Doc();
    let index = 0;
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      for (const [client, after] of tr.afterState) {
        const before = tr.beforeState.get(client) ?? 0;
        if (after <= before) continue;
        let list = this.insertions.get(client);
        if (!list) this.insertions.set(client, (list = []));
        list.push({ from: before, to: after, index });
      }
    });
    for (; index < this.updates.length; index++) {
      if (index > 0 && index % this.keyframeEvery === 0) this.keyframes.push({ applied: index, state: Y.encodeStateAsUpdate(doc) });
      Y.applyUpdate(doc, this.updates[index]!);
    }
    doc.destroy();
  }
}

/** A run of characters of a Y.Text and the update that inserted it. */
export interface TextSpan {
  from: number;
  to: number;
  /** Index into the log of the update that inserted it (-1: unknown). */
  update: number;
}

/**
 * The visible characters of `text` split by the update that inserted them, in order: with the
 * timeline's times and authors, the pad can tint recent edits by author.
 */
export function textSpans(text: Y.Text, timeline: DocTimeline): TextSpan[] {
  const spans: TextSpan[] = [];
  let pos = 0;
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted || !item.countable) continue;
    const { client, clock } = item.id;
    // An item may hold characters of several consecutive updates (Yjs merges neighbours).
    for (let offset = 0; offset < item.length; ) {
      const { update, until } = timeline.insertedBy(client, clock + offset);
      const run = Math.min(item.length - offset, until - (clock + offset));
      const last = spans.at(-1);
      if (last && last.update === update && last.to === pos + offset) last.to += run;
      else spans.push({ from: pos + offset, to: pos + offset + run, update });
      offset += run;
    }
    pos += item.length;
  }
  return spans;
}
