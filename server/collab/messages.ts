/**
 * The y-websocket wire format (y-protocols), decoded strictly: every length is checked against the
 * bytes really present, and a frame must hold exactly one message. Anything else is malformed and
 * closes the connection with 4400 — never a crash, never a partial apply.
 */
import * as decoding from 'lib0/decoding';
import type * as Y from 'yjs';
import { DUET_STORED_MESSAGE } from '../../shared/wire.js';

export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;

export const SyncType = { step1: 0, step2: 1, update: 2 } as const;

export class MalformedMessage extends Error {}

export type InboundMessage =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'sync-step2'; update: Uint8Array }
  | { type: 'sync-update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' };

function readUint(decoder: decoding.Decoder): number {
  try {
    return decoding.readVarUint(decoder);
  } catch {
    throw new MalformedMessage('truncated or oversized varint');
  }
}

/** A length-prefixed byte array whose length must fit in what is left of the frame. */
function readBytes(decoder: decoding.Decoder): Uint8Array {
  const length = readUint(decoder);
  if (length > decoder.arr.length - decoder.pos) throw new MalformedMessage('length past the end of the frame');
  return decoding.readUint8Array(decoder, length);
}

export function decodeMessage(frame: Uint8Array): InboundMessage {
  const decoder = decoding.createDecoder(frame);
  const type = readUint(decoder);
  let message: InboundMessage;
  switch (type) {
    case MessageType.sync: {
      const syncType = readUint(decoder);
      if (syncType === SyncType.step1) message = { type: 'sync-step1', stateVector: readBytes(decoder) };
      else if (syncType === SyncType.step2) message = { type: 'sync-step2', update: readBytes(decoder) };
      else if (syncType === SyncType.update) message = { type: 'sync-update', update: readBytes(decoder) };
      else throw new MalformedMessage(`unknown sync message type ${syncType}`);
      break;
    }
    case MessageType.awareness:
      message = { type: 'awareness', update: readBytes(decoder) };
      break;
    case MessageType.queryAwareness:
      message = { type: 'query-awareness' };
      break;
    default:
      throw new MalformedMessage(`unknown message type ${type}`);
  }
  if (decoder.pos !== frame.length) throw new MalformedMessage('trailing bytes after the message');
  return message;
}

/** Bytes of `n` as a lib0 varuint (7 bits per byte). */
export function varUintSize(n: number): number {
  let size = 1;
  while (n > 0x7f) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

/**
 * `header` varuints, then `payload` with its length: the frame of every outbound message, built in
 * one allocation (lib0's encoder would make a 100-byte scratch buffer, then copy it into the
 * result) — it runs for every edit and cursor relayed. From Node's buffer pool: a small typed array
 * of its own is an ArrayBuffer of its own, and every young one costs the scavenger a sweep.
 */
function frame(header: readonly number[], payload: Uint8Array): Uint8Array {
  let size = payload.length + varUintSize(payload.length);
  for (const n of header) size += varUintSize(n);
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const n of header) at = putVarUint(out, at, n);
  out.set(payload, putVarUint(out, at, payload.length));
  return out;
}

/** Writes `n` as a varuint at `at`; returns the offset after it. */
export function putVarUint(out: Uint8Array, at: number, n: number): number {
  while (n > 0x7f) {
    out[at++] = 0x80 | (n & 0x7f);
    n = Math.floor(n / 128);
  }
  out[at++] = n;
  return at;
}

const SYNC_STEP1 = [MessageType.sync, SyncType.step1] as const;
const SYNC_STEP2 = [MessageType.sync, SyncType.step2] as const;
const SYNC_UPDATE = [MessageType.sync, SyncType.update] as const;

export const encodeSyncStep1 = (stateVector: Uint8Array) => frame(SYNC_STEP1, stateVector);
export const encodeSyncStep2 = (update: Uint8Array) => frame(SYNC_STEP2, update);
export const encodeUpdate = (update: Uint8Array) => frame(SYNC_UPDATE, update);

/**
 * The stored ack for `doc` as it is now: its state vector (each client's next clock, as
 * `Y.encodeStateVector` writes it, in the store's order rather than sorted: readers build a map)
 * framed as message type 100 — in one allocation, as it goes out after every edit.
 */
export function encodeStoredState(doc: Y.Doc): Uint8Array {
  const clients = doc.store.clients;
  let payload = varUintSize(clients.size);
  for (const [client, structs] of clients) {
    const last = structs[structs.length - 1]!;
    payload += varUintSize(client) + varUintSize(last.id.clock + last.length);
  }
  const out = Buffer.allocUnsafe(varUintSize(DUET_STORED_MESSAGE) + varUintSize(payload) + payload);
  let at = putVarUint(out, putVarUint(out, 0, DUET_STORED_MESSAGE), payload);
  at = putVarUint(out, at, clients.size);
  for (const [client, structs] of clients) {
    const last = structs[structs.length - 1]!;
    at = putVarUint(out, putVarUint(out, at, client), last.id.clock + last.length);
  }
  return out;
}
