/**
 * The characters of a document's text items as they arrived, by Yjs client and clock, and from
 * which update on Yjs garbled any of them. Splitting an item inside a surrogate pair makes Yjs
 * write U+FFFD over both halves (`ContentString.splice`); the playback timeline reads texts from a
 * document holding the whole log, so its strings show every such split at once. With what this
 * keeps, a moment shows the pair whole before the split and U+FFFD after it, as clients saw it.
 */
import * as Y from 'yjs';

export interface TypedPiece {
  str: string;
  /** Index of the update from which this (one-character) piece reads U+FFFD; Infinity: never. */
  garbledFrom: number;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

export class TypedText {
  /** Per client: the characters as they arrived, in clock order. */
  private readonly chunks = new Map<number, { from: number; str: string }[]>();
  /** Per client: clock → the update from which that character reads U+FFFD. */
  private readonly garbled = new Map<number, Map<number, number>>();

  /** Keeps what transaction `tr` (the log's update `update`) added to `doc`, and notes any pair it split. */
  record(doc: Y.Doc, tr: Y.Transaction, update: number): void {
    // Where this update may have cut an item: next to what it inserted, at the ends of what it deleted.
    const cuts: [client: number, clock: number][] = [];
    for (const [client, after] of tr.afterState) {
      const before = tr.beforeState.get(client) ?? 0;
      if (after <= before) continue;
      const structs = doc.store.clients.get(client)!;
      for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
        const item = structs[i]!;
        if (!(item instanceof Y.Item)) continue;
        if (item.content instanceof Y.ContentString) this.keep(client, item, item.content.str, before);
        if (item.origin) cuts.push([item.origin.client, item.origin.clock + 1]);
        if (item.rightOrigin) cuts.push([item.rightOrigin.client, item.rightOrigin.clock]);
      }
    }
    for (const [client, ranges] of tr.deleteSet.clients) for (const r of ranges) cuts.push([client, r.clock], [client, r.clock + r.len]);
    for (const [client, clock] of cuts) this.noteSplit(doc, client, clock, update);
  }

  /** Clock range `[from, from + length)` of `client`'s characters, cut around any that became U+FFFD. */
  pieces(client: number, from: number, length: number): TypedPiece[] {
    const text = this.text(client, from, length);
    const marks = this.garbled.get(client);
    if (!marks) return [{ str: text, garbledFrom: Infinity }];
    const out: TypedPiece[] = [];
    let start = 0;
    for (let i = 0; i < length; i++) {
      const at = marks.get(from + i);
      if (at === undefined) continue;
      if (i > start) out.push({ str: text.slice(start, i), garbledFrom: Infinity });
      out.push({ str: text[i]!, garbledFrom: at });
      start = i + 1;
    }
    if (start < length) out.push({ str: text.slice(start), garbledFrom: Infinity });
    return out;
  }

  private keep(client: number, item: Y.Item, str: string, since: number): void {
    let list = this.chunks.get(client);
    if (!list) this.chunks.set(client, (list = []));
    // An item merged into one that arrived earlier starts before `since`.
    const skip = Math.max(0, since - item.id.clock);
    list.push({ from: item.id.clock + skip, str: str.slice(skip) });
  }

  /** The index of the last chunk of `chunks` starting at or before `clock` (0 if none does). */
  private static chunkAt(chunks: readonly { from: number }[], clock: number): number {
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (chunks[mid]!.from <= clock) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The UTF-16 code of `client`'s character at `clock` as it arrived; NaN if no text was typed there. */
  private charCodeAt(client: number, clock: number): number {
    const chunks = this.chunks.get(client) ?? [];
    const chunk = chunks[TypedText.chunkAt(chunks, clock)];
    return chunk && clock >= chunk.from ? chunk.str.charCodeAt(clock - chunk.from) : NaN;
  }

  private text(client: number, from: number, length: number): string {
    const chunks = this.chunks.get(client) ?? [];
    let out = '';
    for (let i = TypedText.chunkAt(chunks, from); out.length < length && i < chunks.length; i++) {
      const chunk = chunks[i]!;
      out += chunk.str.slice(Math.max(0, from + out.length - chunk.from), from + length - chunk.from);
    }
    if (out.length !== length) throw new Error(`playback: no text kept for ${client}:${from}+${length}`);
    return out;
  }

  /** If an item of `client` now begins at `clock` inside a surrogate pair, Yjs garbled the pair in update `update`. */
  private noteSplit(doc: Y.Doc, client: number, clock: number, update: number): void {
    const marks = this.garbled.get(client);
    if (marks?.has(clock) || clock < 1) return;
    if (!isHighSurrogate(this.charCodeAt(client, clock - 1))) return;
    const structs = doc.store.clients.get(client)!;
    const item = structs[Y.findIndexSS(structs, clock - 1)];
    if (!(item instanceof Y.Item) || !(item.content instanceof Y.ContentString) || item.content.str.charCodeAt(clock - 1 - item.id.clock) !== 0xfffd) return;
    const set = marks ?? new Map<number, number>();
    this.garbled.set(client, set);
    set.set(clock - 1, update).set(clock, update);
  }
}
