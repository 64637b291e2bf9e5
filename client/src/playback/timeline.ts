/**
 * The playback timeline: a document's stored update log turned into "the document after its first
 * n updates". Pure (Yjs only, no DOM), so the server's tests, the benchmark and the page all use
 * this one reconstruction.
 *
 * The log is applied once, in order, to one history document that keeps deleted content (garbage
 * collection off), noting which update inserted and which deleted every Yjs clock range. The
 * document after n updates is then read straight off that history: an item is there iff the update
 * that inserted it is among the first n and the one that deleted it (if any) is not. Yjs orders
 * items the same way in every state of a document, so the items there are in their order then.
 * A seek therefore replays nothing: it is one pass over the items of what it reads.
 *
 * Times are the server's receipt times, in stored order. Should a stored time ever go backwards
 * (the server's clock stepped), an update counts from the latest time before it, so the log stays
 * a prefix in time and "every update with t ≤ T" is always its first n updates.
 */
import { fromBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import type { ReplayUpdate } from '../../../shared/replay.js';
import { TypedText } from './typedText.js';

/** Clock range `[from, to)` of one Yjs client, and the index of the update that inserted or deleted it. */
interface ClockRange {
  from: number;
  to: number;
  update: number;
}

/** Part `[offset, end)` of an item with one life: inserted by update `inserted`, deleted by `deleted` (Infinity: never). */
interface Run {
  offset: number;
  end: number;
  inserted: number;
  deleted: number;
}

/**
 * A text's runs of characters with one life each, in document order, as parallel arrays (a seek
 * reads them all): inserted and deleted by which update (Infinity: never), reading U+FFFD from which.
 */
interface TextSegments {
  inserted: Float64Array;
  deleted: Float64Array;
  garbledFrom: Float64Array;
  str: string[];
}

/** A map key with no value at a moment (distinct from a stored `undefined`). */
const ABSENT = Symbol('absent');

/** A run of characters of a Y.Text and the update that inserted it. */
export interface TextSpan {
  from: number;
  to: number;
  /** Index into the log of the update that inserted it. */
  update: number;
}

export interface TextAt {
  text: string;
  /** The text split by the update that inserted each run, in order. */
  spans: TextSpan[];
}

/** The range of `ranges` (sorted, disjoint) holding `clock`, else the index of the first one after it, as `-1 - index`. */
function findRange(ranges: readonly ClockRange[] | undefined, clock: number): number {
  let lo = 0;
  let hi = (ranges?.length ?? 0) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges![mid]!;
    if (clock < r.from) hi = mid - 1;
    else if (clock >= r.to) lo = mid + 1;
    else return mid;
  }
  return -1 - lo;
}

export class DocTimeline {
  /** Receipt times, never decreasing (see above). */
  readonly times: number[];
  readonly authors: (string | null)[];
  private readonly updates: Uint8Array[];
  /** Every update applied, nothing collected: all content that ever existed, in document order. */
  private readonly history = new Y.Doc({ gc: false });
  /** Per Yjs client: the clock ranges each update inserted (in clock order). */
  private readonly inserted = new Map<number, ClockRange[]>();
  /** Per Yjs client: the clock ranges each update deleted (sorted by clock once read). */
  private readonly deleted = new Map<number, ClockRange[]>();
  /** The characters as typed: the history's own strings show every later split of a surrogate pair. */
  private readonly typed = new TypedText();
  /** Each item's runs, worked out the first time it is read (the history no longer changes then). */
  private readonly runsOf = new WeakMap<Y.Item, Run[]>();
  /** Each text's segments, worked out the first time it is read. */
  private readonly segments = new Map<string, TextSegments>();

  /** `texts`: the Y.Texts to index now, so that no seek pays for reading them the first time. */
  constructor(log: readonly ReplayUpdate[], texts: readonly string[] = []) {
    this.updates = log.map((u) => fromBase64(u.update));
    this.authors = log.map((u) => u.by);
    let latest = -Infinity;
    this.times = log.map((u) => (latest = Math.max(latest, u.t)));
    this.record();
    for (const name of texts) this.textSegments(name);
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

  /**
   * A fresh document of every update with `t ≤ at` applied in order to an empty one: the replay
   * format's own rule, which what the timeline reads must equal. Costs the whole prefix; checks use it.
   */
  docAt(at: number): Y.Doc {
    const doc = new Y.Doc();
    const n = this.countAt(at);
    doc.transact(() => {
      for (let i = 0; i < n; i++) Y.applyUpdate(doc, this.updates[i]!);
    });
    return doc;
  }

  /** The Y.Text `name` after the first `applied` updates, with the update that typed each run. */
  textAt(name: string, applied: number): TextAt {
    const { inserted, deleted, garbledFrom, str } = this.textSegments(name);
    const parts: string[] = [];
    const spans: TextSpan[] = [];
    let span: TextSpan | null = null;
    let pos = 0;
    for (let i = 0; i < str.length; i++) {
      const by = inserted[i]!;
      if (by >= applied || deleted[i]! < applied) continue;
      const piece = str[i]!;
      parts.push(garbledFrom[i]! < applied ? '\ufffd' : piece);
      if (span && span.update === by && span.to === pos) span.to += piece.length;
      else spans.push((span = { from: pos, to: pos + piece.length, update: by }));
      pos += piece.length;
    }
    return { text: parts.join(''), spans };
  }

  /** The Y.Map `name` after the first `applied` updates, as its `toJSON()` was then. */
  mapAt(name: string, applied: number): Record<string, unknown> {
    return this.mapJson(this.history.getMap(name), applied);
  }

  /**
   * An item's characters or values cut where the update that inserted or deleted them changes:
   * an item can hold several updates' content, as Yjs merges neighbours.
   */
  private runs(item: Y.Item): Run[] {
    const cached = this.runsOf.get(item);
    if (cached) return cached;
    const { client, clock } = item.id;
    const ins = this.inserted.get(client);
    const dels = this.deleted.get(client);
    const out: Run[] = [];
    for (let offset = 0; offset < item.length; ) {
      const at = clock + offset;
      const i = findRange(ins, at);
      // Every integrated item was counted when it arrived; a miss would be a bug in `record`.
      if (i < 0) throw new Error(`playback: no update inserted ${client}:${at}`);
      const d = findRange(dels, at);
      // The run ends where either range does (or, not deleted, where the next deletion starts).
      const nextDeletion = d >= 0 ? dels![d]!.to : (dels?.[-1 - d]?.from ?? Infinity);
      const end = Math.min(clock + item.length, ins![i]!.to, nextDeletion) - clock;
      out.push({ offset, end, inserted: ins![i]!.update, deleted: d >= 0 ? dels![d]!.update : Infinity });
      offset = end;
    }
    this.runsOf.set(item, out);
    return out;
  }

  private mapJson(map: Y.Map<unknown>, applied: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, latest] of map._map) {
      const value = this.entryAt(latest, applied);
      if (value !== ABSENT) out[key] = this.json(value, applied);
    }
    return out;
  }

  /**
   * A map entry's value after `applied` updates, from the key's items (newest last). Only the
   * rightmost value that had arrived can be it: integrating an entry deletes the one to its left,
   * and an entry that lands left of another is deleted at once.
   */
  private entryAt(latest: Y.Item, applied: number): unknown {
    for (let item: Y.Item | null = latest; item; item = item.left) {
      const runs = this.runs(item);
      for (let r = runs.length - 1; r >= 0; r--) {
        const run = runs[r]!;
        if (run.inserted >= applied) continue;
        return run.deleted >= applied ? item.content.getContent()[run.end - 1] : ABSENT;
      }
    }
    return ABSENT;
  }

  /** The content of a list's items (a Y.Array's or Y.Text's) present after `applied` updates. */
  private listAt(start: Y.Item | null, applied: number): unknown[] {
    const out: unknown[] = [];
    for (let item = start; item !== null; item = item.right) {
      if (!item.countable) continue;
      for (const run of this.runs(item)) {
        if (run.inserted < applied && run.deleted >= applied) out.push(...item.content.getContent().slice(run.offset, run.end));
      }
    }
    return out;
  }

  private json(value: unknown, applied: number): unknown {
    if (value instanceof Y.Map) return this.mapJson(value, applied);
    if (value instanceof Y.Text) return this.listAt(value._start, applied).filter((v) => typeof v === 'string').join('');
    if (value instanceof Y.Array) return this.listAt(value._start, applied).map((v) => this.json(v, applied));
    return value;
  }

  /** A text's characters in document order, in runs of one life each. */
  private textSegments(name: string): TextSegments {
    const cached = this.segments.get(name);
    if (cached) return cached;
    const out: { inserted: number; deleted: number; str: string; garbledFrom: number }[] = [];
    for (let item = this.history.getText(name)._start; item !== null; item = item.right) {
      if (!(item.content instanceof Y.ContentString)) continue;
      for (const run of this.runs(item)) {
        for (const piece of this.typed.pieces(item.id.client, item.id.clock + run.offset, run.end - run.offset)) out.push({ inserted: run.inserted, deleted: run.deleted, ...piece });
      }
    }
    const segments: TextSegments = {
      inserted: Float64Array.from(out, (s) => s.inserted),
      deleted: Float64Array.from(out, (s) => s.deleted),
      garbledFrom: Float64Array.from(out, (s) => s.garbledFrom),
      str: out.map((s) => s.str),
    };
    this.segments.set(name, segments);
    return segments;
  }

  /** One pass over the log into the history document: which update inserted and deleted what. */
  private record(): void {
    let index = 0;
    const add = (to: Map<number, ClockRange[]>, client: number, from: number, until: number) => {
      let list = to.get(client);
      if (!list) to.set(client, (list = []));
      list.push({ from, to: until, update: index });
    };
    this.history.on('afterTransaction', (tr: Y.Transaction) => {
      for (const [client, after] of tr.afterState) {
        const before = tr.beforeState.get(client) ?? 0;
        if (after > before) add(this.inserted, client, before, after);
      }
      for (const [client, ranges] of tr.deleteSet.clients) for (const r of ranges) add(this.deleted, client, r.clock, r.clock + r.len);
      this.typed.record(this.history, tr, index);
    });
    for (; index < this.updates.length; index++) Y.applyUpdate(this.history, this.updates[index]!);
    for (const list of this.deleted.values()) list.sort((a, b) => a.from - b.from);
  }
}
