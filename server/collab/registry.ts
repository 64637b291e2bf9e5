/**
 * Loaded documents. A document loads on its first connection — concurrent first connections share
 * one load, so a document never exists twice in memory — and unloads a grace period after its
 * last connection leaves, with a snapshot written so the next load is fast.
 */
import type { Logger } from 'pino';
import type { DocName } from '../../shared/roles.js';
import type { Store } from '../store/index.js';
import { SharedDoc, type DocFanout, type DocMetrics } from './document.js';
import { sanitizePad } from './sanitize.js';

export interface RegistryOptions {
  store: Store;
  log: Logger;
  unloadGraceMs: number;
  compactEvery: number;
  /** Size cap of a document by its name. */
  maxBytes: (docName: DocName) => number;
  /** Read after loading, so a room that ended while its document loaded is never writable. */
  isRoomEnded: (roomId: string) => Promise<boolean>;
  /** Called when appends start failing (the document keeps them queued and retries); the server logs it and reports health. */
  onStoreError: (doc: SharedDoc, err: unknown) => void;
  metrics?: DocMetrics;
  /** Several processes (server/scale/): told of every document loaded and unloaded, and of its stored updates. */
  fanout?: RegistryFanout | undefined;
}

export interface RegistryFanout extends DocFanout {
  loaded(doc: SharedDoc): void;
  unloaded(doc: SharedDoc): void;
}

interface Slot {
  doc: Promise<SharedDoc>;
  /** Connections holding the document, counted from the moment they ask (before it is loaded). */
  holders: number;
  unloadTimer: NodeJS.Timeout | null;
}

export const docKey = (roomId: string, docName: DocName): string => `${roomId}/${docName}`;

export class DocRegistry {
  private readonly slots = new Map<string, Slot>();
  /** Unloads in progress; a new load of the same document waits for its snapshot to be written. */
  private readonly unloading = new Map<string, Promise<void>>();
  /** Documents that finished loading, for cheap synchronous checks. */
  private readonly ready = new Set<SharedDoc>();

  constructor(private readonly options: RegistryOptions) {}

  /**
   * Takes a hold on a document, loading it if needed. Pair every call with `release`.
   *
   * `roomEnded`: whether the room had ended, as the caller read it, given only when every end
   * announced since that read comes after this call — then `docsOfRoom` finds this document and the
   * caller's read is as good as one after the load. Without it, the load reads the room's status.
   */
  acquire(roomId: string, docName: DocName, roomEnded?: boolean): Promise<SharedDoc> {
    const name = docKey(roomId, docName);
    let slot = this.slots.get(name);
    if (!slot) {
      const doc = this.load(name, roomId, docName, roomEnded);
      slot = { doc, holders: 0, unloadTimer: null };
      this.slots.set(name, slot);
      const created = slot;
      // A failed load is forgotten at once so the next connection tries again.
      doc.catch(() => {
        if (this.slots.get(name) === created) this.slots.delete(name);
      });
    }
    slot.holders++;
    if (slot.unloadTimer) {
      clearTimeout(slot.unloadTimer);
      slot.unloadTimer = null;
    }
    return slot.doc;
  }

  release(roomId: string, docName: DocName): void {
    const name = docKey(roomId, docName);
    const slot = this.slots.get(name);
    if (!slot) return;
    slot.holders--;
    if (slot.holders > 0) return;
    slot.unloadTimer = setTimeout(() => void this.unload(name, slot), this.options.unloadGraceMs);
    slot.unloadTimer.unref();
  }

  /** Loaded documents of a room (for turning them read-only when it ends). */
  docsOfRoom(roomId: string): Promise<SharedDoc>[] {
    const prefix = `${roomId}/`;
    return [...this.slots].filter(([name]) => name.startsWith(prefix)).map(([, slot]) => slot.doc);
  }

  /** True while any loaded document cannot append to the store. */
  storeFailing(): boolean {
    return [...this.ready].some((doc) => doc.storeFailing);
  }

  get loadedCount(): number {
    return this.slots.size;
  }

  /**
   * Drops a room's documents without writing anything (the room is being erased): a snapshot
   * written now would put its contents back in the store. Resolves once no document of the room
   * is loaded or being unloaded, so nothing of it can be written after the caller erases it.
   */
  async discardRoom(roomId: string): Promise<void> {
    const prefix = `${roomId}/`;
    const unloads = [...this.unloading].filter(([name]) => name.startsWith(prefix)).map(([, done]) => done);
    const docs: Promise<SharedDoc>[] = [];
    for (const [name, slot] of this.slots) {
      if (!name.startsWith(prefix)) continue;
      if (slot.unloadTimer) clearTimeout(slot.unloadTimer);
      this.slots.delete(name);
      docs.push(slot.doc);
    }
    await Promise.allSettled(unloads);
    for (const settled of await Promise.allSettled(docs)) {
      if (settled.status !== 'fulfilled') continue;
      this.ready.delete(settled.value);
      settled.value.destroy();
    }
  }

  /** Snapshots and drops every document (shutdown). */
  async unloadAll(): Promise<void> {
    await Promise.all([...this.slots].map(([name, slot]) => this.unload(name, slot)));
    await Promise.all(this.unloading.values());
  }

  private async load(name: string, roomId: string, docName: DocName, roomEnded: boolean | undefined): Promise<SharedDoc> {
    await this.unloading.get(name);
    const doc = new SharedDoc({
      name,
      roomId,
      docName,
      roomEnded: false,
      store: this.options.store,
      log: this.options.log,
      compactEvery: this.options.compactEvery,
      maxBytes: this.options.maxBytes(docName),
      onStoreError: this.options.onStoreError,
      metrics: this.options.metrics,
      fanout: this.options.fanout,
    });
    try {
      await doc.load();
      if (docName === 'pad') sanitizePad(doc);
      // An end announced before this slot existed found no document to mark: unless the caller
      // read the status after it (see `acquire`), read it now.
      if (roomEnded ?? (await this.options.isRoomEnded(roomId))) doc.roomEnded = true;
      this.ready.add(doc);
      this.options.fanout?.loaded(doc);
    } catch (err) {
      doc.destroy();
      this.options.log.error({ doc: name, err }, 'document load failed');
      throw err;
    }
    return doc;
  }

  private async unload(name: string, slot: Slot): Promise<void> {
    if (this.slots.get(name) !== slot) return;
    if (slot.unloadTimer) clearTimeout(slot.unloadTimer);
    this.slots.delete(name);
    const done = (async () => {
      let doc: SharedDoc;
      try {
        doc = await slot.doc;
      } catch {
        return;
      }
      await doc.compact();
      this.options.fanout?.unloaded(doc);
      this.ready.delete(doc);
      doc.destroy();
    })();
    this.unloading.set(name, done);
    try {
      await done;
    } finally {
      if (this.unloading.get(name) === done) this.unloading.delete(name);
    }
  }
}
