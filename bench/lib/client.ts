/**
 * A benchmark client: a Y.Doc and a raw `ws` socket speaking the y-websocket protocol
 * (y-protocols sync + awareness), without the y-websocket provider and its timers.
 *
 * Every edit embeds `\u0002<client>.<seq>.<sentAt>\u0003` in the `code` Y.Text; a receiving client
 * finds the markers in each update it has just applied and reports them to the EditTracker, so the
 * latency is "sent → applied by this client". Cursor (awareness) updates carry a triple of their own
 * (client, cursor seq, sent at); one never received counts as a loss, not as a missing sample.
 *
 * The markers are read from the raw update bytes (Yjs stores strings as UTF-8) rather than from
 * `YTextEvent.delta`, which walks the whole text on every event and made the harness, not the
 * server, the bottleneck. An update whose dependencies are missing is not integrated yet, so its
 * markers wait until the document has no pending structs.
 */
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';

/** Absolute high-resolution time in ms, comparable across processes on one machine. */
export const now = (): number => performance.timeOrigin + performance.now();

const MSG_SYNC = 0;
const MSG_AWARENESS = 1;
/** Duet's "stored" answer (shared/wire.ts DUET_STORED_MESSAGE): the state vector of what is stored. */
const MSG_STORED = 100;
/** Duet's own subprotocol (shared/wire.ts YJS_SUBPROTOCOL), offered with the token beside it. */
const DUET_SUBPROTOCOL = 'duet.v1';

/**
 * A document address as the harness passes it around: `ws://…/yjs/<room>/pad#<token>` for Duet.
 * The part after `#` is never sent in the URL: the client offers it as a subprotocol beside
 * `duet.v1`, as Duet's web client does (and so gets, and must handle, Duet's stored acks).
 */
export function docAddress(url: string, token?: string): string {
  return token === undefined ? url : `${url}#${token}`;
}
/** Transaction origin of everything applied from the server. */
const REMOTE = Symbol('remote');
const MARKER = /\u0002(\d+)\.(\d+)\.(\d+(?:\.\d+)?)\u0003/g;

/** Collects edit and cursor deliveries; one per scenario run. */
export class EditTracker {
  /** Only edits sent while recording are measured (warm-up and drain are excluded). */
  recording = false;
  sent = 0;
  delivered = 0;
  /** Cursor updates sent while recording (to at least one peer). */
  cursorsSent = 0;
  /**
   * Stored acks (duet.v1) received from the start of recording until every writer's last edit is
   * acknowledged ("Saved", see `steadyEditing`): work Duet's own client causes.
   */
  storedAcks = 0;
  countingAcks = false;
  readonly latencies: number[] = [];
  readonly cursorLatencies: number[] = [];
  /** key = client * 2^21 + seq → outstanding receivers. */
  private readonly pending = new Map<number, { sentAt: number; remaining: number }>();

  get outstanding(): number {
    return this.pending.size;
  }

  onSent(client: number, seq: number, sentAt: number, receivers: number): void {
    if (!this.recording || receivers === 0) return;
    this.sent++;
    this.pending.set(client * 2 ** 21 + seq, { sentAt, remaining: receivers });
  }

  onApplied(client: number, seq: number, sentAt: number, at: number): void {
    const key = client * 2 ** 21 + seq;
    const p = this.pending.get(key);
    if (!p) return;
    if (--p.remaining === 0) {
      this.pending.delete(key);
      this.delivered++;
      // The edit counts once every other client in the room has applied it.
      this.latencies.push(at - sentAt);
    }
  }

  /** Cursor updates sent while recording, by client * 2^21 + cursor seq → receivers still to get it. */
  private readonly pendingCursors = new Map<number, number>();

  onCursorSent(client: number, seq: number, receivers: number): void {
    if (!this.recording || receivers === 0) return;
    this.cursorsSent++;
    this.pendingCursors.set(client * 2 ** 21 + seq, receivers);
  }

  /** One receiver got a cursor update: measured if it was sent while recording, whenever it arrives. */
  onCursor(client: number, seq: number, sentAt: number, at: number): void {
    const key = client * 2 ** 21 + seq;
    const remaining = this.pendingCursors.get(key);
    if (remaining === undefined) return;
    if (remaining <= 1) this.pendingCursors.delete(key);
    else this.pendingCursors.set(key, remaining - 1);
    this.cursorLatencies.push(at - sentAt);
  }

  /** Deliveries of measured cursor updates that never happened (so far): each counts against the server. */
  get cursorsUndelivered(): number {
    let missing = 0;
    for (const remaining of this.pendingCursors.values()) missing += remaining;
    return missing;
  }

  /** Cursor latencies with every undelivered one as an infinite latency, so losses show in the percentiles. */
  cursorLatenciesWithLosses(): number[] {
    return [...this.cursorLatencies, ...Array.from({ length: this.cursorsUndelivered }, () => Infinity)];
  }

  /** Resolves once every measured edit is delivered, or after `timeoutMs`. */
  async drain(timeoutMs: number): Promise<boolean> {
    const until = performance.now() + timeoutMs;
    while (this.pending.size > 0 && performance.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.pending.size === 0;
  }
}

export class BenchClient {
  readonly doc = new Y.Doc();
  readonly text = this.doc.getText('code');
  /** Other clients in the same room, for "delivered to every other client". */
  peers = 0;
  tracker: EditTracker | null = null;
  ws: WebSocket | null = null;
  connectStartedAt = 0;
  syncedAt = 0;
  closeCode = 0;
  errors = 0;
  private seq = 0;
  private awarenessClock = 0;
  private cursorSeq = 0;
  private syncWaiters: (() => void)[] = [];

  readonly url: string;
  /** `['duet.v1', token]` for Duet (see `docAddress`); none for the reference server. */
  private readonly protocols: string[] | undefined;
  /** What the server last said it had stored (duet.v1). */
  storedVector: Map<number, number> | null = null;

  /** Whether the last stored ack covers every edit this client made, as the web client shows "Saved". */
  get saved(): boolean {
    const mine = Y.decodeStateVector(Y.encodeStateVector(this.doc)).get(this.doc.clientID) ?? 0;
    return (this.storedVector?.get(this.doc.clientID) ?? 0) >= mine;
  }

  /** @param address the URL, with `#<token>` for Duet (`docAddress`); kept to open the same document again. */
  constructor(readonly id: number, readonly address: string, readonly localAddress?: string) {
    const hash = address.indexOf('#');
    this.url = hash < 0 ? address : address.slice(0, hash);
    this.protocols = hash < 0 ? undefined : [DUET_SUBPROTOCOL, decodeURIComponent(address.slice(hash + 1))];
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE || !this.ws || this.ws.readyState !== WebSocket.OPEN) return;
      const enc = encoding.createEncoder();
      encoding.writeVarUint(enc, MSG_SYNC);
      syncProtocol.writeUpdate(enc, update);
      this.ws.send(encoding.toUint8Array(enc));
    });
  }

  get synced(): boolean {
    return this.syncedAt > 0;
  }

  /** Opens the socket; resolves when the server's sync step 2 has been applied. */
  connect(timeoutMs = 30_000): Promise<number> {
    this.connectStartedAt = now();
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.url, this.protocols, this.localAddress ? { localAddress: this.localAddress } : {});
      this.ws = ws;
      const timer = setTimeout(() => {
        reject(new Error(`client ${this.id}: not synced after ${timeoutMs} ms`));
        ws.terminate();
      }, timeoutMs);
      ws.on('unexpected-response', (_req, res) => {
        clearTimeout(timer);
        reject(new Error(`client ${this.id}: upgrade refused with HTTP ${res.statusCode}`));
        ws.terminate();
      });
      ws.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      ws.on('close', (code) => {
        this.closeCode = code;
        clearTimeout(timer);
        reject(new Error(`client ${this.id}: closed with ${code} before sync`));
      });
      ws.on('open', () => {
        const enc = encoding.createEncoder();
        encoding.writeVarUint(enc, MSG_SYNC);
        syncProtocol.writeSyncStep1(enc, this.doc);
        ws.send(encoding.toUint8Array(enc));
      });
      ws.on('message', (data: Buffer) => {
        this.onMessage(data);
        if (this.syncedAt > 0) {
          clearTimeout(timer);
          resolve(this.syncedAt - this.connectStartedAt);
        }
      });
    });
  }

  private onMessage(data: Uint8Array): void {
    try {
      const decoder = decoding.createDecoder(data);
      const type = decoding.readVarUint(decoder);
      if (type === MSG_SYNC) {
        const enc = encoding.createEncoder();
        encoding.writeVarUint(enc, MSG_SYNC);
        const kind = syncProtocol.readSyncMessage(decoder, enc, this.doc, REMOTE);
        if (encoding.length(enc) > 1) this.ws?.send(encoding.toUint8Array(enc));
        if (this.tracker !== null && kind !== syncProtocol.messageYjsSyncStep1) this.collectMarkers(data);
        if (kind === syncProtocol.messageYjsSyncStep2) {
          if (this.syncedAt === 0) this.syncedAt = now();
          const waiters = this.syncWaiters;
          this.syncWaiters = [];
          for (const w of waiters) w();
        }
      } else if (type === MSG_AWARENESS) {
        this.onAwareness(decoding.readVarUint8Array(decoder));
      } else if (type === MSG_STORED) {
        this.onStored(decoding.readVarUint8Array(decoder));
      }
    } catch {
      this.errors++;
    }
  }

  private heldMarkers: string[] = [];

  private collectMarkers(data: Uint8Array): void {
    const tracker = this.tracker;
    if (tracker === null) return;
    const raw = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1');
    if (this.doc.store.pendingStructs !== null) {
      this.heldMarkers.push(raw);
      return;
    }
    const at = now();
    const texts = this.heldMarkers.length ? [...this.heldMarkers.splice(0), raw] : [raw];
    for (const t of texts) {
      for (const m of t.matchAll(MARKER)) tracker.onApplied(Number(m[1]), Number(m[2]), Number(m[3]), at);
    }
  }

  /** What the web client does with a stored ack: "Saved" once it covers everything we wrote. */
  private onStored(stateVector: Uint8Array): void {
    this.storedVector = Y.decodeStateVector(stateVector);
    if (this.tracker?.countingAcks) this.tracker.storedAcks++;
  }

  private onAwareness(update: Uint8Array): void {
    if (this.tracker === null) return;
    const at = now();
    const d = decoding.createDecoder(update);
    const len = decoding.readVarUint(d);
    for (let i = 0; i < len; i++) {
      const clientID = decoding.readVarUint(d);
      decoding.readVarUint(d); // clock
      const json = decoding.readVarString(d);
      if (clientID === this.doc.clientID || json === 'null') continue;
      const state = JSON.parse(json) as { b?: [number, number, number] };
      if (state.b) this.tracker.onCursor(state.b[0], state.b[1], state.b[2], at);
    }
  }

  /** One keystroke-sized edit at the end of the pad, carrying its sequence number and send time. */
  edit(): void {
    const seq = ++this.seq;
    const sentAt = now();
    this.tracker?.onSent(this.id, seq, sentAt, this.peers);
    this.text.insert(this.text.length, `\u0002${this.id}.${seq}.${sentAt.toFixed(3)}\u0003`);
  }

  /** A large insert (a paste) in one transaction, with the marker at its start. */
  paste(body: string): void {
    const seq = ++this.seq;
    const sentAt = now();
    this.tracker?.onSent(this.id, seq, sentAt, this.peers);
    this.text.insert(this.text.length, `\u0002${this.id}.${seq}.${sentAt.toFixed(3)}\u0003${body}`);
  }

  /** A plain small edit without a marker (bulk writes for the cold-start log). */
  type(s: string): void {
    this.text.insert(this.text.length, s);
  }

  /** An awareness update: a cursor at the end of the pad plus the measuring triple. */
  cursor(): void {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return;
    const cursorSeq = ++this.cursorSeq;
    this.tracker?.onCursorSent(this.id, cursorSeq, this.peers);
    const pos = this.text.length;
    const state = { cursor: { anchor: pos, head: pos }, b: [this.id, cursorSeq, now()] };
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, this.doc.clientID);
    encoding.writeVarUint(inner, ++this.awarenessClock);
    encoding.writeVarString(inner, JSON.stringify(state));
    const enc = encoding.createEncoder();
    encoding.writeVarUint(enc, MSG_AWARENESS);
    encoding.writeVarUint8Array(enc, encoding.toUint8Array(inner));
    this.ws.send(encoding.toUint8Array(enc));
  }

  /**
   * Sends sync step 1 and waits for the answer. The server handles one connection's frames in
   * order, so the answer means every update sent before it has been applied there.
   */
  roundTrip(timeoutMs = 60_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`client ${this.id}: no sync answer`)), timeoutMs);
      this.syncWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
      const enc = encoding.createEncoder();
      encoding.writeVarUint(enc, MSG_SYNC);
      syncProtocol.writeSyncStep1(enc, this.doc);
      this.ws?.send(encoding.toUint8Array(enc));
    });
  }

  get bufferedAmount(): number {
    return this.ws?.bufferedAmount ?? 0;
  }

  close(): Promise<void> {
    const ws = this.ws;
    if (!ws || ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        ws.terminate();
        resolve();
      }, 2000);
      ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      ws.close();
    });
  }

  destroy(): void {
    this.ws?.terminate();
    this.doc.destroy();
  }
}

/** Every client of a room holds the same text and the same state vector. */
export function roomConverged(clients: readonly BenchClient[]): boolean {
  const first = clients[0];
  if (!first) return true;
  const text = first.text.toString();
  const sv = Buffer.from(Y.encodeStateVector(first.doc)).toString('base64');
  return clients.every(
    (c) => c.text.toString() === text && Buffer.from(Y.encodeStateVector(c.doc)).toString('base64') === sv,
  );
}
