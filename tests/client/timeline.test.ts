// The playback timeline, pure: the pad read off the timeline after any number of updates equals
// the format's rule (those updates applied in order to an empty document) — with deletions,
// concurrent edits, overwritten and deleted shapes, and content another client had collected.
import { describe, expect, it } from 'vitest';
import { toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import type { ReplayUpdate } from '../../shared/replay.js';
import { PAD } from '../../shared/schema.js';
import { DocTimeline } from '../../client/src/playback/timeline.js';

/** Deterministic, so a failure can be replayed. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

/** One random edit of the code, the board or the language. */
function edit(doc: Y.Doc, random: () => number, n: number): void {
  const code = doc.getText(PAD.code);
  const shapes = doc.getMap<Y.Map<unknown>>(PAD.shapes);
  const ids = [...shapes.keys()];
  const pick = random();
  if (pick < 0.35 || code.length === 0) code.insert(Math.floor(random() * (code.length + 1)), random() < 0.5 ? `v${n};\n` : 'é😀x');
  else if (pick < 0.5) {
    const at = Math.floor(random() * code.length);
    code.delete(at, Math.min(1 + Math.floor(random() * 6), code.length - at));
  } else if (pick < 0.62 || ids.length === 0) {
    doc.transact(() => {
      const shape = new Y.Map<unknown>();
      shapes.set(`s${n % 7}`, shape);
      for (const [k, v] of Object.entries({ type: 'rect', x: n, y: 2, z: n, points: [[n, 1]] })) shape.set(k, v);
      const label = new Y.Text();
      shape.set('label', label);
      label.insert(0, `box ${n}`);
      const tags = new Y.Array<unknown>();
      shape.set('tags', tags);
      tags.push(['a', n]);
    });
  } else if (pick < 0.85) {
    // The same field set again and again by one client: its overwritten values merge into one item.
    const shape = shapes.get(ids[Math.floor(random() * ids.length)]!)!;
    if (random() < 0.7) {
      // A drag: one field set in update after update.
      for (let k = random() < 0.4 ? 3 : 1; k > 0; k--) shape.set('x', Math.round(random() * 500));
    }
    else if (random() < 0.5) shape.delete('points');
    else {
      const label = shape.get('label');
      if (label instanceof Y.Text) label.insert(label.length, '!');
      const tags = shape.get('tags');
      if (tags instanceof Y.Array && tags.length > 0 && random() < 0.5) tags.delete(0, 1);
    }
  } else if (pick < 0.93) shapes.delete(ids[Math.floor(random() * ids.length)]!);
  else doc.getMap(PAD.meta).set('language', random() < 0.5 ? 'python' : 'go');
}

/** Two clients editing, now and then at the same time; the log in the order a server received it. */
function interview(steps: number): ReplayUpdate[] {
  const random = rng(7);
  const log: ReplayUpdate[] = [];
  const send = (by: string) => (update: Uint8Array, origin?: unknown) => {
    // What a client hears from the other is not its own edit: the server logged it once already.
    if (origin !== 'sync') log.push({ t: 1000 + log.length * 10, by, update: toBase64(update) });
  };
  // What another client had before: typed, partly deleted and collected (gc on), sent as its full state.
  const earlier = new Y.Doc();
  earlier.getText(PAD.code).insert(0, 'starter code\n');
  earlier.getText(PAD.code).delete(0, 8);
  send('server')(Y.encodeStateAsUpdate(earlier));
  const a = new Y.Doc();
  const b = new Y.Doc();
  for (const doc of [a, b]) Y.applyUpdate(doc, Y.encodeStateAsUpdate(earlier));
  a.on('update', send('ivy'));
  b.on('update', send('cam'));
  for (let n = 0; n < steps; n++) {
    edit(random() < 0.5 ? a : b, random, n);
    // Mostly in sync; sometimes both edit before either hears of the other.
    if (random() < 0.7) {
      Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'sync');
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'sync');
    }
  }
  return log;
}

describe('playback timeline', () => {
  it('reads the pad after any number of updates exactly as replaying them from the start gives', () => {
    const log = interview(400);
    const timeline = new DocTimeline(log);
    const plain = new Y.Doc();
    let garbled = 0;
    for (let n = 0; n <= log.length; n++) {
      if (n > 0) Y.applyUpdate(plain, Buffer.from(log[n - 1]!.update, 'base64'));
      const { text, spans } = timeline.textAt(PAD.code, n);
      expect(text, `after ${n} updates`).toBe(plain.getText(PAD.code).toString());
      if (text.includes('\ufffd')) garbled++;
      expect(timeline.mapAt(PAD.shapes, n), `after ${n} updates`).toEqual(plain.getMap(PAD.shapes).toJSON());
      expect(timeline.mapAt(PAD.meta, n)).toEqual(plain.getMap(PAD.meta).toJSON());
      // The spans tile the text, each from an update among the first n.
      expect(spans.reduce((at, s) => (s.from === at ? s.to : -1), 0)).toBe(text.length);
      expect(spans.every((s) => s.update < n)).toBe(true);
    }
    // Some edits split an emoji (the moments before show it whole, those after U+FFFD).
    expect(garbled).toBeGreaterThan(0);
    expect(garbled).toBeLessThan(log.length);
    // By time: every update with t ≤ T, the format's rule, as docAt applies it.
    const T = log[150]!.t;
    expect(timeline.textAt(PAD.code, timeline.countAt(T)).text).toBe(timeline.docAt(T).getText(PAD.code).toString());
  });
});
