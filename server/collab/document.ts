/**
 * One loaded Yjs document of a room (`<roomId>/pad` or `<roomId>/notes`) and the connections on it.
 *
 * Durability: every change to the document is appended to the store — with its time and author —
 * before it is relayed to anyone, and a state answer (sync step 2) waits for pending appends. So a
 * crash of the process at any moment (with `DUET_DURABILITY=fsync`, also of the machine) loses
 * nothing that any client has received.
 */
import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { DocName } from '../../shared/roles.js';
import type { AppendDone, NewUpdate, Store } from '../store/index.js';
import { AwarenessTable, encodeAwarenessMessage, type AwarenessChange } from './awareness.js';
import type { DocFanout, DocMetrics, DocPeer, StoredWaiter } from './docPorts.js';
import { encodeSyncStep2, encodeUpdate, MalformedMessage } from './messages.js';
import { SeqWindow } from './seqWindow.js';
import { ServerYDoc } from './serverYDoc.js';
import { checkUpdate } from './updateCheck.js';

/** Origin of updates the server itself makes (seeded content, starter code). */
export const SERVER_ORIGIN = Symbol('server');
/** Origin of the stored state applied while loading; such updates are already in the log. */
const LOAD_ORIGIN = Symbol('load');
/** Origin of other processes' updates (several processes, server/scale/): stored already, relayed here only. */
export const REMOTE_ORIGIN = Symbol('remote');

export type { DocFanout, DocMetrics, DocPeer, StoredWaiter } from './docPorts.js';

/** After a gap in other processes' updates, how long to wait for the missing ones before reading them from the store. */
const GAP_WAIT_MS = 300;

/** Whether a transaction changed anything: the test Yjs makes before it emits 'update'. */
function changedIn(tr: Y.Transaction): boolean {
  if (tr.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of tr.afterState) if (tr.beforeState.get(client) !== clock) return true;
  return false;
}

/** A change on its way to the store: relayed to everyone but `except` once stored. */
interface QueuedUpdate extends NewUpdate {
  except: DocPeer | undefined;
  /** When it was received (`performance.now()`), for the relay-latency metric. */
  received: number;
}

/** An update that would take the document past its size cap; it is refused, never applied. */
export class DocTooLarge extends Error {}

export interface SharedDocOptions {
  name: string;
  roomId: string;
  docName: DocName;
  store: Store;
  log: Logger;
  roomEnded: boolean;
  /** Appends after which a new snapshot is written while the document stays loaded. */
  compactEvery: number;
  /** Largest encoded size the document may reach (a full pad could exhaust memory and disk). */
  maxBytes: number;
  /** Called when appending to the store failed; the caller decides whom to tell. */
  onStoreError: (doc: SharedDoc, err: unknown) => void;
  metrics?: DocMetrics | undefined;
  /** Other processes serve this document too (the store numbers its updates 1, 2, 3…). */
  fanout?: DocFanout | undefined;
}

export class SharedDoc {
  readonly name: string;
  readonly roomId: string;
  readonly docName: DocName;
  readonly ydoc: Y.Doc;
  readonly awareness = new AwarenessTable();
  readonly peers = new Set<DocPeer>();
  /** Set when the room ends: from then on nobody writes. */
  roomEnded: boolean;
  /** Sequence number of the last update known to be in the store. */
  lastSeq = 0;
  /** Appends since the last snapshot; compaction resets it. */
  sinceSnapshot = 0;
  /** Resolved once nothing waits to be stored (`whenPersisted`); made only when someone waits. */
  private persisted: { promise: Promise<void>; resolve: () => void } | null = null;
  /** Told at the end of the running flush (`whenAllStored`). */
  private readonly storedWaiters = new Set<StoredWaiter>();
  /** Changes not yet in the store, oldest first; each is relayed only once stored. */
  private readonly writeQueue: QueuedUpdate[] = [];
  private storeFailures = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private destroyed = false;
  private readonly store: Store;
  private readonly log: Logger;
  private readonly onStoreError: SharedDocOptions['onStoreError'];
  private readonly compactEvery: number;
  private readonly maxBytes: number;
  private readonly metrics: DocMetrics | undefined;
  /** An upper bound of the encoded size: the real size at load or compaction plus every update
   * appended since (deletions do not shrink it until the next compaction measures again). */
  private sizeBound = 0;
  private compacting: Promise<void> | null = null;
  /** Bumped by every change: a cached answer is only good for the state it was made from. */
  private changes = 0;
  /** The last sync step 2 answered, for the state vector asked and the state at `changes`. */
  private answerCache: { changes: number; stateVector: Buffer; message: Uint8Array } | null = null;
  /** While a client's update is applied: its sender, and the update once it is in whole and may be kept as sent. */
  private applyingFrom: DocPeer | null = null;
  private verbatim: Uint8Array | null = null;
  /** The update being applied parked structs (and changed something): its sender is refused. */
  private parked = false;
  private readonly fanout: DocFanout | undefined;
  /** With a fanout: which numbered updates are in memory (set at load). */
  private window: SeqWindow | null = null;
  private gapTimer: NodeJS.Timeout | null = null;
  private catchingUp: Promise<void> | null = null;

  constructor(options: SharedDocOptions) {
    this.name = options.name;
    // A given guid: Yjs would otherwise draw a random one with 31 calls to the system's random
    // source per document, a large part of connecting to a fresh room. Only subdocuments use it.
    this.ydoc = new ServerYDoc({ gc: true, guid: options.name });
    this.roomId = options.roomId;
    this.docName = options.docName;
    this.store = options.store;
    this.log = options.log;
    this.roomEnded = options.roomEnded;
    this.onStoreError = options.onStoreError;
    this.compactEvery = options.compactEvery;
    this.maxBytes = options.maxBytes;
    this.metrics = options.metrics;
    this.fanout = options.fanout;
    // Not Yjs's 'update' event: with a listener for it, Yjs encodes every transaction's changes
    // anew, and a client's update is most often already exactly that (see `afterTransaction`).
    this.ydoc.on('afterTransaction', this.afterTransaction);
  }

  /** Applies the stored snapshot and log tail. Runs once, before any connection is attached. */
  async load(): Promise<void> {
    const stored = await this.store.loadDoc(this.name);
    this.ydoc.transact(() => {
      if (stored.snapshot) Y.applyUpdate(this.ydoc, stored.snapshot, LOAD_ORIGIN);
      for (const entry of stored.tail) Y.applyUpdate(this.ydoc, entry.update, LOAD_ORIGIN);
    }, LOAD_ORIGIN);
    this.lastSeq = stored.tail.at(-1)?.seq ?? stored.snapshotSeq;
    if (this.fanout) this.window = new SeqWindow(this.lastSeq);
    this.sizeBound = (stored.snapshot?.length ?? 0) + stored.tail.reduce((sum, entry) => sum + entry.update.length, 0);
    this.sinceSnapshot = stored.tail.length;
  }

  /** Applies a client's update. Yjs runs `afterTransaction` synchronously, which appends what
   * changed and relays it once stored. */
  applyClientUpdate(update: Uint8Array, from: DocPeer): void {
    const onlyNew = checkUpdate(update, (client) => Y.getState(this.ydoc.store, client));
    // The empty update every fresh client answers our state vector with: nothing to apply.
    if (update.length === 2 && update[0] === 0 && update[1] === 0) return;
    if (this.sizeBound + update.length > this.maxBytes) {
      // Only near the cap is the real size worth measuring.
      this.sizeBound = Y.encodeStateAsUpdate(this.ydoc).length;
      if (this.sizeBound + update.length > this.maxBytes) {
        throw new DocTooLarge(`${this.docName} would pass its ${Math.round(this.maxBytes / 1024)} KiB limit`);
      }
    }
    this.applyingFrom = from;
    let parked = false;
    try {
      // One transaction around the apply, so that `afterTransaction` (run as it ends, also when
      // Yjs throws halfway) knows whether all of the update went in: only then is it what changed.
      Y.transact(
        this.ydoc,
        () => {
          Y.applyUpdate(this.ydoc, update, from);
          if (onlyNew) this.verbatim = update;
        },
        from,
        false,
      );
    } finally {
      // Reset also when Yjs threw: the next update, maybe from someone else, starts clean.
      parked = this.parked;
      this.parked = false;
      this.verbatim = null;
      this.applyingFrom = null;
    }
    // Yjs parks structs and deletions whose dependencies it lacks, silently: they emit no update
    // (so are never stored) yet go out in every state answer and snapshot, uncounted by the size
    // cap. One ordered connection of a real client never produces such gaps, so a client that
    // does is refused, and what it parked is dropped before anyone can receive it.
    const store = this.ydoc.store;
    if (parked || store.pendingStructs !== null || store.pendingDs !== null) {
      store.pendingStructs = null;
      store.pendingDs = null;
      throw new MalformedMessage('update depends on changes the server does not have');
    }
  }

  /**
   * Queues what a transaction changed, to be stored and then relayed. A client's update that holds
   * only structs the document did not have (checked before applying), and left nothing parked, is
   * exactly what changed: it is kept as the client sent it. Anything else — a resend overlapping
   * what is known, the server's own changes — is encoded from the state before the transaction
   * (with the document's whole delete set, which is idempotent; such transactions are rare).
   */
  private readonly afterTransaction = (tr: Y.Transaction): void => {
    const origin = tr.origin;
    if (!changedIn(tr)) return;
    this.changes++;
    this.answerCache = null;
    if (origin === LOAD_ORIGIN) return;
    if (origin === REMOTE_ORIGIN) {
      // Stored by the process that took it: only relayed here. Applied in order, nothing parks,
      // so the update as received is what changed.
      const update = this.remoteUpdate ?? Y.encodeStateAsUpdate(this.ydoc, Y.encodeStateVector(tr.beforeState));
      this.sizeBound += update.length;
      this.broadcast(encodeUpdate(update));
      return;
    }
    let update: Uint8Array | null = null;
    if (origin === this.applyingFrom) {
      const store = this.ydoc.store;
      if (store.pendingStructs !== null || store.pendingDs !== null) {
        // Dropped here already: an encoded state would include what is parked.
        store.pendingStructs = null;
        store.pendingDs = null;
        this.parked = true;
      } else update = this.verbatim;
    }
    update ??= Y.encodeStateAsUpdate(this.ydoc, Y.encodeStateVector(tr.beforeState));
    const peer = this.peers.has(origin as DocPeer) ? (origin as DocPeer) : undefined;
    const author = origin === SERVER_ORIGIN ? 'server' : (peer?.participantId ?? null);
    this.sizeBound += update.length;
    this.writeQueue.push({ update, author, at: Date.now(), except: peer, received: performance.now() });
    if (this.writeQueue.length === 1) this.appendQueued();
  };

  /**
   * Appends queued updates in order and relays each once it is stored; then whatever was queued
   * meanwhile, until nothing is. Everything queued goes to the store at once (the store may commit
   * it in one transaction). When the store fails the updates stay queued (and in memory), nothing
   * more is relayed, and the append is retried with backoff until the store recovers; a retried
   * update the store had partly kept is harmless, as applying a Yjs update twice changes nothing.
   * A store that takes a callback (`appendUpdatesThen`) is given one: then no promise is made per
   * append, and no microtask resumes the relay, on the path of every keystroke.
   */
  private appendQueued(): void {
    const batch = this.writeQueue.slice();
    const started = performance.now();
    const done: AppendDone = (err, seqs) => (err ? this.appendFailed(err) : this.appended(batch, seqs, started));
    if (this.store.appendUpdatesThen) return this.store.appendUpdatesThen(this.name, batch, done);
    this.store.appendUpdates(this.name, batch).then(
      (seqs) => done(null, seqs),
      (err: unknown) => done(err instanceof Error ? err : new Error(String(err)), []),
    );
  }

  private appendFailed(err: Error): void {
    this.metrics?.storeFailed();
    if (this.destroyed) return this.releasePersisted();
    if (this.storeFailures++ === 0) this.onStoreError(this, err);
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = null;
        if (this.destroyed) return this.releasePersisted();
        this.appendQueued();
      },
      Math.min(5000, 100 * 2 ** Math.min(this.storeFailures, 6)),
    );
  }

  private appended(batch: readonly QueuedUpdate[], seqs: number[], started: number): void {
    this.storeFailures = 0;
    this.writeQueue.splice(0, batch.length);
    this.sinceSnapshot += batch.length;
    for (const entry of batch) this.broadcast(encodeUpdate(entry.update), entry.except);
    if (this.metrics) {
      const now = performance.now();
      let bytes = 0;
      for (const entry of batch) {
        bytes += entry.update.length;
        this.metrics.relayed((now - entry.received) / 1000);
      }
      this.metrics.appended(batch.length, bytes, (now - started) / 1000);
    }
    if (this.window && this.fanout) {
      this.window.markApplied(seqs);
      this.applyRemote(this.window.takeReady());
      this.lastSeq = this.window.prefix;
      this.fanout.stored(this, seqs, batch.map((entry) => entry.update));
      if (this.window.hasGap) this.waitForGap();
    } else this.lastSeq = seqs.at(-1) ?? this.lastSeq;
    if (this.writeQueue.length > 0) return this.appendQueued();
    this.releasePersisted();
    for (const waiter of this.storedWaiters) waiter.allStored();
    this.storedWaiters.clear();
    if (this.sinceSnapshot >= this.compactEvery) void this.compact();
  }

  /** Nothing is on its way to the store now (or the document is gone): `whenPersisted` returns. */
  private releasePersisted(): void {
    const persisted = this.persisted;
    this.persisted = null;
    persisted?.resolve();
  }

  /** While another process's update is applied: that update, as it is relayed. */
  private remoteUpdate: Uint8Array | null = null;

  /** Other processes' stored updates of this document (by their number). They are applied in number
   * order; after a gap the missing ones are read from the store (Redis may drop messages). */
  receive(entries: readonly { seq: number; update: Uint8Array }[]): void {
    const window = this.window;
    if (!window || this.destroyed) return;
    for (const { seq, update } of entries) window.offer(seq, update);
    this.applyRemote(window.takeReady());
    this.lastSeq = window.prefix;
    if (window.hasGap) this.waitForGap();
  }

  private applyRemote(updates: readonly Uint8Array[]): void {
    for (const update of updates) {
      this.remoteUpdate = update;
      try {
        Y.applyUpdate(this.ydoc, update, REMOTE_ORIGIN);
      } finally {
        this.remoteUpdate = null;
      }
    }
  }

  private waitForGap(): void {
    this.gapTimer ??= setTimeout(() => {
      this.gapTimer = null;
      void this.catchUp();
    }, GAP_WAIT_MS);
  }

  /**
   * Reads from the store every update after the last one this process has in order, and applies
   * the missing ones: after a gap, once subscribed, and now and then (a message lost with nothing
   * after it shows no gap).
   */
  catchUp(): Promise<void> {
    if (!this.window || this.destroyed) return Promise.resolve();
    this.catchingUp ??= this.store
      .listUpdates(this.name, this.window.prefix)
      .then(
        (missing) => this.receive(missing),
        (err: unknown) => this.log.warn({ doc: this.name, err }, 'catching up from the store failed; retrying later'),
      )
      .finally(() => {
        this.catchingUp = null;
      });
    return this.catchingUp;
  }

  /**
   * The sync step 2 message answering `stateVector`: encoded once for an unchanged document and
   * the same state vector (every fresh client sends the empty one), so a burst of step 1s — or a
   * room's people all reconnecting at once — costs one encoding of a large pad, not one each.
   * Throws on a malformed state vector.
   */
  syncStep2For(stateVector: Uint8Array): Uint8Array {
    const cached = this.answerCache;
    if (cached && cached.changes === this.changes && cached.stateVector.equals(stateVector)) return cached.message;
    const message = encodeSyncStep2(Y.encodeStateAsUpdate(this.ydoc, stateVector));
    this.answerCache = { changes: this.changes, stateVector: Buffer.from(stateVector), message };
    return message;
  }

  private pendingBytes(): number {
    return this.writeQueue.reduce((sum, entry) => sum + entry.update.length, 0);
  }

  /** Grows with every change to the document: equal versions are the same state. */
  get version(): number {
    return this.changes;
  }

  get hasPendingWrites(): boolean {
    return this.writeQueue.length > 0;
  }

  /** True while appends are failing (health checks). */
  get storeFailing(): boolean {
    return this.storeFailures > 0;
  }

  /**
   * Calls `waiter.allStored()` once every change made so far is in the store: when the running
   * flush ends, or in a microtask when nothing is pending; once however often it is asked meanwhile.
   * `whenPersisted` without a promise per caller: our clients are told after every edit.
   */
  whenAllStored(waiter: StoredWaiter): void {
    if (this.writeQueue.length > 0) this.storedWaiters.add(waiter);
    else queueMicrotask(() => waiter.allStored());
  }

  /** Resolves once every change made so far is in the store. */
  async whenPersisted(): Promise<void> {
    while (this.writeQueue.length > 0 && !this.destroyed) {
      if (!this.persisted) {
        let resolve!: () => void;
        const promise = new Promise<void>((r) => (resolve = r));
        this.persisted = { promise, resolve };
      }
      await this.persisted.promise;
    }
  }

  /** The one place where a message fans out to the local connections of this document; a relay to
   * other server processes (Redis) joins here. */
  broadcast(message: Uint8Array, except?: DocPeer): void {
    for (const peer of this.peers) if (peer !== except) peer.send(message);
  }

  broadcastAwareness(changes: AwarenessChange[], except?: DocPeer): void {
    if (changes.length === 0) return;
    this.broadcast(encodeAwarenessMessage(changes), except);
    this.fanout?.awareness(this, changes);
  }

  /** Another process's awareness changes (its own connections'), to this process's connections. */
  receiveAwareness(process: string, changes: readonly AwarenessChange[]): void {
    const fresh = this.awareness.applyRemote(process, changes, Date.now());
    if (fresh.length > 0) this.broadcast(encodeAwarenessMessage(fresh));
  }

  /** Drops the cursors of processes not heard from since `before`. */
  expireRemoteAwareness(before: number): void {
    const removed = this.awareness.expireRemote(before);
    if (removed.length > 0) this.broadcast(encodeAwarenessMessage(removed));
  }

  addPeer(peer: DocPeer): void {
    this.peers.add(peer);
  }

  /** Removes a peer and its awareness states; returns how many peers are left. */
  removePeer(peer: DocPeer): number {
    if (this.peers.delete(peer)) this.broadcastAwareness(this.awareness.removeOwner(peer));
    return this.peers.size;
  }

  /** Writes a snapshot when the log has grown since the last one, so the next load stays fast. */
  compact(): Promise<void> {
    // One compaction at a time; a caller arriving meanwhile waits for the running one.
    this.compacting ??= this.writeSnapshot().finally(() => {
      this.compacting = null;
    });
    return this.compacting;
  }

  private async writeSnapshot(): Promise<void> {
    await this.whenPersisted();
    const appended = this.sinceSnapshot;
    if (appended === 0) return;
    // The in-memory state holds every stored update up to lastSeq (and never less), so the
    // snapshot is complete for that position; a later load re-applies only the tail after it.
    const seq = this.lastSeq;
    const state = Y.encodeStateAsUpdate(this.ydoc);
    try {
      await this.store.saveSnapshot(this.name, state, seq);
      this.sinceSnapshot -= appended;
      this.sizeBound = Math.min(this.sizeBound, state.length + this.pendingBytes());
      this.log.debug({ doc: this.name, seq, bytes: state.length }, 'snapshot saved');
    } catch (err) {
      this.log.error({ doc: this.name, err }, 'snapshot failed; the log still holds every update');
    }
  }

  destroy(): void {
    this.destroyed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.releasePersisted();
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.ydoc.off('afterTransaction', this.afterTransaction);
    this.ydoc.destroy();
  }
}
