/**
 * The y-websocket wire format (y-protocols), decoded strictly: every length is checked against the
 * bytes really present, and a frame must hold exactly one message. Anything else is malformed and
 * closes the connection with 4400 — never a crash, never a partial apply.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
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

function encodeSync(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

export const encodeSyncStep1 = (stateVector: Uint8Array) => encodeSync(SyncType.step1, stateVector);
export const encodeSyncStep2 = (update: Uint8Array) => encodeSync(SyncType.step2, update);
export const encodeUpdate = (update: Uint8Array) => encodeSync(SyncType.update, update);

export function encodeStored(stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, DUET_STORED_MESSAGE);
  encoding.writeVarUint8Array(encoder, stateVector);
  return encoding.toUint8Array(encoder);
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}
