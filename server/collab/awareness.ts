/**
 * Awareness (cursors, selections, who is looking where) for one document.
 *
 * Unlike the stock server, which relays whatever a client claims, every state here belongs to the
 * connection that first set it: a connection may own a few client ids, may not touch anyone
 * else's, and the `user` shown to others (name, role, colour) is always the one from its token —
 * so nobody can appear as someone else. When a connection closes its states are removed and
 * forgotten, so this table never grows past the live connections.
 */
import * as decoding from 'lib0/decoding';
import { MalformedMessage, MessageType, putVarUint, varUintSize } from './messages.js';

const utf8 = new TextDecoder();

export interface AwarenessLimits {
  /** Client ids one connection may own (one per Y.Doc; a few for reloads of the doc in one socket). */
  maxClientsPerConnection: number;
  /** Bytes of one state's JSON; cursors and selections are small. */
  maxStateBytes: number;
}

export const DEFAULT_AWARENESS_LIMITS: AwarenessLimits = { maxClientsPerConnection: 4, maxStateBytes: 16 * 1024 };

export interface AwarenessOwner {
  /** What others see as this connection's `user`, from its token. */
  readonly user: Record<string, unknown>;
}

interface Entry {
  clock: number;
  /** Already sanitised JSON, or 'null' once removed. */
  json: string;
  owner: AwarenessOwner;
}

export interface AwarenessChange {
  clientId: number;
  clock: number;
  json: string;
}

export class AwarenessTable {
  /**
   * A document has a few entries per connection, so owners' counts are found by a scan, not kept
   * in a second map that every loaded document would carry.
   */
  private readonly entries = new Map<number, Entry>();
  /** Several processes: the other processes' states, by process, and when each was last heard from. */
  private readonly remote = new Map<string, { seenAt: number; states: Map<number, { clock: number; json: string }> }>();

  constructor(private readonly limits: AwarenessLimits = DEFAULT_AWARENESS_LIMITS) {}

  get size(): number {
    return this.entries.size;
  }

  /**
   * Applies a client's awareness update as far as it may: entries for ids it does not own, stale
   * clocks and oversized states are skipped. Returns the accepted changes, to be relayed.
   */
  apply(update: Uint8Array, owner: AwarenessOwner): AwarenessChange[] {
    const decoder = decoding.createDecoder(update);
    const changes: AwarenessChange[] = [];
    let count: number;
    try {
      count = decoding.readVarUint(decoder);
      for (let i = 0; i < count; i++) {
        const clientId = decoding.readVarUint(decoder);
        const clock = decoding.readVarUint(decoder);
        const length = decoding.readVarUint(decoder);
        if (length > decoder.arr.length - decoder.pos) throw new MalformedMessage('awareness state past the end');
        if (length > this.limits.maxStateBytes) {
          decoder.pos += length;
          continue;
        }
        const text = utf8.decode(decoding.readUint8Array(decoder, length));
        const change = this.accept(clientId, clock, text, owner);
        if (change) changes.push(change);
      }
    } catch (err) {
      if (err instanceof MalformedMessage) throw err;
      throw new MalformedMessage('malformed awareness update');
    }
    if (decoder.pos !== update.length) throw new MalformedMessage('trailing bytes in awareness update');
    return changes;
  }

  private accept(clientId: number, clock: number, text: string, owner: AwarenessOwner): AwarenessChange | null {
    const existing = this.entries.get(clientId);
    if (existing && existing.owner !== owner) return null;
    if (!existing && this.ownedBy(owner) >= this.limits.maxClientsPerConnection) return null;
    if (existing && clock <= existing.clock) return null;
    let state: unknown;
    try {
      state = JSON.parse(text);
    } catch {
      return null;
    }
    let json: string;
    if (state === null) json = 'null';
    else if (typeof state === 'object' && !Array.isArray(state)) {
      // The parsed object is ours alone: overwrite `user` in place rather than copy every field.
      (state as Record<string, unknown>)['user'] = owner.user;
      json = JSON.stringify(state);
    }
    else return null;
    this.entries.set(clientId, { clock, json, owner });
    return { clientId, clock, json };
  }

  /** Forgets every state of a closed connection and returns the removals to relay. */
  removeOwner(owner: AwarenessOwner): AwarenessChange[] {
    const removed: AwarenessChange[] = [];
    for (const [clientId, entry] of this.entries) {
      if (entry.owner !== owner) continue;
      this.entries.delete(clientId);
      if (entry.json !== 'null') removed.push({ clientId, clock: entry.clock + 1, json: 'null' });
    }
    return removed;
  }

  /**
   * Stamps an owner's states with its `user` as it is now (its role changed in a peer swap), one
   * clock later, and returns them to relay — to the owner as well: a client takes the clock of its
   * own state from what it receives, so its next update still counts as newer than this one.
   */
  restamp(owner: AwarenessOwner): AwarenessChange[] {
    const changes: AwarenessChange[] = [];
    for (const [clientId, entry] of this.entries) {
      if (entry.owner !== owner || entry.json === 'null') continue;
      const state = JSON.parse(entry.json) as Record<string, unknown>;
      state['user'] = owner.user;
      entry.clock += 1;
      entry.json = JSON.stringify(state);
      changes.push({ clientId, clock: entry.clock, json: entry.json });
    }
    return changes;
  }

  private ownedBy(owner: AwarenessOwner): number {
    let count = 0;
    for (const entry of this.entries.values()) if (entry.owner === owner) count++;
    return count;
  }

  /** Every live state, for a connection that just arrived or asked (other processes' too). */
  snapshot(): AwarenessChange[] {
    const all: AwarenessChange[] = [];
    for (const [clientId, entry] of this.entries) {
      if (entry.json !== 'null') all.push({ clientId, clock: entry.clock, json: entry.json });
    }
    for (const { states } of this.remote.values()) {
      for (const [clientId, state] of states) if (state.json !== 'null') all.push({ clientId, ...state });
    }
    return all;
  }

  /** The states of this process's own connections (several processes: what it renews for the others). */
  localSnapshot(): AwarenessChange[] {
    return [...this.entries].filter(([, e]) => e.json !== 'null').map(([clientId, e]) => ({ clientId, clock: e.clock, json: e.json }));
  }

  /**
   * Several processes: the states of another process's connections (checked there), as it sends
   * them. Returns those that are new here, to pass on to this process's connections.
   */
  applyRemote(process: string, changes: readonly AwarenessChange[], now: number): AwarenessChange[] {
    let from = this.remote.get(process);
    if (!from) this.remote.set(process, (from = { seenAt: now, states: new Map() }));
    from.seenAt = now;
    const accepted: AwarenessChange[] = [];
    for (const change of changes) {
      const known = from.states.get(change.clientId);
      if (known && known.clock >= change.clock && known.json === change.json) continue;
      if (change.json === 'null') from.states.delete(change.clientId);
      else from.states.set(change.clientId, { clock: change.clock, json: change.json });
      accepted.push(change);
    }
    return accepted;
  }

  /** Forgets the states of processes not heard from since `before` (dead); returns the removals. */
  expireRemote(before: number): AwarenessChange[] {
    const removed: AwarenessChange[] = [];
    for (const [process, { seenAt, states }] of this.remote) {
      if (seenAt >= before) continue;
      this.remote.delete(process);
      for (const [clientId, state] of states) removed.push({ clientId, clock: state.clock + 1, json: 'null' });
    }
    return removed;
  }

}

/**
 * The awareness message (type, length, then y-protocols' awareness update) for a list of changes,
 * in one allocation from Node's buffer pool: it goes out after every cursor move.
 */
export function encodeAwarenessMessage(changes: readonly AwarenessChange[]): Uint8Array {
  let payload = varUintSize(changes.length);
  const jsonBytes = changes.map((c) => Buffer.byteLength(c.json));
  changes.forEach((c, i) => {
    payload += varUintSize(c.clientId) + varUintSize(c.clock) + varUintSize(jsonBytes[i]!) + jsonBytes[i]!;
  });
  const out = Buffer.allocUnsafe(varUintSize(MessageType.awareness) + varUintSize(payload) + payload);
  let at = putVarUint(out, 0, MessageType.awareness);
  at = putVarUint(out, at, payload);
  at = putVarUint(out, at, changes.length);
  changes.forEach((c, i) => {
    at = putVarUint(out, at, c.clientId);
    at = putVarUint(out, at, c.clock);
    at = putVarUint(out, at, jsonBytes[i]!);
    at += out.write(c.json, at);
  });
  return out;
}
