/**
 * What a loaded document (`document.ts`) talks to besides the store: the connections on it, the
 * server's metrics, and — with several processes — the relay to the others.
 */
import type { AwarenessChange, AwarenessOwner } from './awareness.js';
import type { SharedDoc } from './document.js';

/** What a document needs from a connection: who it is, and a way to send to it. */
export interface DocPeer extends AwarenessOwner {
  readonly participantId: string;
  send(message: Uint8Array): void;
  /** Closes this one connection. */
  close(code: number, reason: string): void;
}

/** Waits for every change made so far to be stored (`SharedDoc.whenAllStored`). */
export interface StoredWaiter {
  allStored(): void;
}

/** What a document reports to the server's metrics (`server/metrics/`). */
export interface DocMetrics {
  /** A batch of `count` updates, `bytes` long, became durable `seconds` after it went to the store. */
  appended(count: number, bytes: number, seconds: number): void;
  /** An update went out to the other connections `seconds` after it was received. */
  relayed(seconds: number): void;
  storeFailed(): void;
}

/**
 * Several processes on one document (server/scale/docRelay.ts): told of every update this process
 * stored, after it is durable, to pass on to the others.
 */
export interface DocFanout {
  stored(doc: SharedDoc, seqs: readonly number[], updates: readonly Uint8Array[]): void;
  /** Awareness changes of this process's connections. */
  awareness(doc: SharedDoc, changes: readonly AwarenessChange[]): void;
}
