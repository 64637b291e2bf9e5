// Outbound frames are built by hand in one allocation; they must be byte for byte what lib0's
// encoder (and so every y-websocket client's decoder) expects, at every varint length boundary.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DUET_STORED_MESSAGE } from '../../shared/wire.js';
import { encodeAwarenessMessage } from '../../server/collab/awareness.js';
import { decodeMessage, encodeStoredState, encodeSyncStep1, encodeSyncStep2, encodeUpdate } from '../../server/collab/messages.js';

function lib0Frame(header: number[], payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  for (const n of header) encoding.writeVarUint(encoder, n);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** Byte equality; `toEqual` walks a 2 MB array element by element for half a minute. */
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);

describe('outbound frames', () => {
  const lengths = [0, 1, 127, 128, 300, 16_383, 16_384, 70_000, 2_097_151, 2_097_152];
  it.each(lengths)('match lib0 for a %i-byte payload', (length) => {
    const payload = Uint8Array.from({ length }, (_, i) => (i * 31) & 0xff);
    expect(same(encodeSyncStep1(payload), lib0Frame([0, 0], payload))).toBe(true);
    expect(same(encodeSyncStep2(payload), lib0Frame([0, 1], payload))).toBe(true);
    expect(same(encodeUpdate(payload), lib0Frame([0, 2], payload))).toBe(true);
  });

  it('stored ack: the state vector Yjs encodes, as message type 100, at every varint boundary', () => {
    const doc = new Y.Doc();
    const vector = () => {
      const decoder = decoding.createDecoder(encodeStoredState(doc));
      expect(decoding.readVarUint(decoder)).toBe(DUET_STORED_MESSAGE);
      const payload = decoding.readVarUint8Array(decoder);
      expect(decoder.pos).toBe(decoder.arr.length);
      return Y.decodeStateVector(payload);
    };
    expect(vector()).toEqual(new Map());
    for (const [clientID, length] of [[0, 1], [127, 127], [128, 128], [300, 16_384], [4_294_967_295, 3]] as const) {
      const author = new Y.Doc();
      author.clientID = clientID;
      author.getText('t').insert(0, 'x'.repeat(length));
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(author));
      expect(vector()).toEqual(Y.decodeStateVector(Y.encodeStateVector(doc)));
    }
    expect(vector().get(4_294_967_295)).toBe(3);
  });

  it('decode back to what was framed', () => {
    const payload = Uint8Array.from([5, 6, 7]);
    expect(decodeMessage(encodeUpdate(payload))).toEqual({ type: 'sync-update', update: payload });
  });

  it('awareness: what y-protocols encodes, for any id, clock and text', () => {
    const changes = [
      { clientId: 0, clock: 0, json: 'null' },
      { clientId: 127, clock: 128, json: '{"cursor":{"anchor":1}}' },
      { clientId: 4_294_967_295, clock: 2 ** 40, json: JSON.stringify({ user: { name: 'Zoë 名前 🙂' }, pad: 'x'.repeat(300) }) },
    ];
    const update = encoding.createEncoder();
    encoding.writeVarUint(update, changes.length);
    for (const c of changes) {
      encoding.writeVarUint(update, c.clientId);
      encoding.writeVarUint(update, c.clock);
      encoding.writeVarString(update, c.json);
    }
    const payload = encoding.toUint8Array(update);
    const message = encodeAwarenessMessage(changes);
    expect(same(message, lib0Frame([1], payload))).toBe(true);
    expect(decodeMessage(message)).toEqual({ type: 'awareness', update: payload });
    expect(same(encodeAwarenessMessage([]), lib0Frame([1], Uint8Array.of(0)))).toBe(true);
  });
});
