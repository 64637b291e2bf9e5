/**
 * One WebSocket on a document. Every inbound frame goes through one ordered queue: frames that
 * arrive while the document loads (or while an answer waits for the store) wait their turn, in
 * order and bounded in number; any failure closes this connection only.
 */
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { CloseCode, YJS_SUBPROTOCOL } from '../../shared/wire.js';
import type { DocName } from '../../shared/roles.js';
import type { ConnectionGrant } from './access.js';
import { encodeAwarenessMessage } from './awareness.js';
import { DocTooLarge, type DocPeer, type SharedDoc, type StoredWaiter } from './document.js';
import { decodeMessage, encodeStoredState, encodeSyncStep1, MalformedMessage } from './messages.js';
import type { AckPacer, PacedAck } from './ackPacer.js';
import type { SendBudget } from './sendBudget.js';

/** Who is connected to which document, with their grant (`access` enforced, `shownRole` shown). */
export interface ConnectionIdentity extends ConnectionGrant {
  participantId: string;
  name: string;
  color: string;
  roomId: string;
  docName: DocName;
}

export interface ConnectionLimits {
  /** Frames a connection may queue before its document is ready (unbounded buffering is a DoS). */
  maxQueuedMessages: number;
  /** …and their bytes: a thousand 4 MiB frames would be 4 GiB. */
  maxQueuedBytes: number;
  /** Bytes waiting in the socket's send buffer before a client that stopped reading is dropped. */
  maxBufferedBytes: number;
}

export interface ConnectionCounters {
  droppedReadOnlyWrites: number;
}

/**
 * What a connection needs from the server that opened it. One object serves every connection, so
 * that none carries callbacks of its own: an idle room's memory is mostly its connections.
 */
export interface ConnectionHost {
  readonly limits: ConnectionLimits;
  readonly log: Logger;
  readonly counters: ConnectionCounters;
  /** The connection ended, for whatever reason; called once. */
  connectionClosed(conn: DocConnection): void;
  /** An edit was refused for the document's size, so the room can be told. */
  editRefused(conn: DocConnection, message: string): void;
  /** The connection is being dropped for not reading what it was sent (metrics). */
  slowConsumer(conn: DocConnection): void;
  /** Bytes that may wait to be sent, per connection and in total (checked before each send). */
  readonly sendBudget: SendBudget;
  /** How often each connection is told what is stored. */
  readonly ackPacer: AckPacer;
}

export class DocConnection implements DocPeer, StoredWaiter, PacedAck {
  readonly user: Record<string, unknown>;
  readonly participantId: string;
  private doc: SharedDoc | null = null;
  private readonly backlog: Uint8Array[] = [];
  private backlogBytes = 0;
  private boundLog: Logger | undefined;
  private busy = false;
  private closed = false;
  /**
   * Shutting down: our 1001 is sent, yet what the client sent before it saw it is still read and
   * its updates applied (so stored) until the client's answer ends the socket. Nothing is sent.
   */
  private draining = false;
  private warnedReadOnly = false;
  /** Our own client asked (by subprotocol) to be told what is stored. */
  private readonly wantsStoredAcks: boolean;
  /** An ack is on its way: waiting for a pause in this connection's edits, or for the store. */
  private storedAckScheduled = false;
  /** The document's version when the last stored ack was sent (-1: none yet). */
  private ackedVersion = -1;
  /** When (`performance.now()`) the last stored ack was sent, and this connection last wrote (the ack's pacing). */
  private ackSentAt = -Infinity;
  private wroteAt = -Infinity;
  /** A sync step 2 answer is being written to the socket; `nextStep1` waits for it. */
  private answering = false;
  private nextStep1: Uint8Array | null = null;
  /** Heard from since the last ping (see `checkAlive`). */
  private answered = true;

  constructor(
    private readonly ws: WebSocket,
    readonly identity: ConnectionIdentity,
    private readonly host: ConnectionHost,
    /** Which of the server's heartbeat ticks checks this connection (see `checkAlive`). */
    readonly heartbeatSlice: number,
  ) {
    this.participantId = identity.participantId;
    this.wantsStoredAcks = ws.protocol === YJS_SUBPROTOCOL;
    // What others see next to this person's cursor comes from the token, never from the client.
    this.user = {
      id: identity.participantId,
      name: identity.name,
      color: identity.color,
      colorLight: `${identity.color}33`,
      role: identity.shownRole,
    };
    ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    ws.on('pong', () => {
      this.answered = true;
    });
    ws.on('close', () => {
      if (this.draining) this.applyBacklog();
      this.teardown();
    });
    ws.on('error', (err) => {
      this.log.debug({ err: err.message }, 'document socket error');
      this.teardown();
    });
  }

  /** A logger bound to this connection, made on first use: most connections never log. */
  private get log(): Logger {
    this.boundLog ??= this.host.log.child({ room: this.identity.roomId, doc: this.identity.docName, participant: this.participantId });
    return this.boundLog;
  }

  /** The socket, for the send budget's accounting. */
  get socket(): WebSocket {
    return this.ws;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * The room changed while connected (the end, a peer swap, shared feedback): what they may write
   * follows at once, and everyone, themselves included, sees their new role next to their cursor.
   */
  changeGrant({ access, shownRole }: ConnectionGrant): void {
    this.identity.access = access;
    if (shownRole === this.identity.shownRole) return;
    this.identity.shownRole = shownRole;
    this.user['role'] = shownRole;
    if (this.doc && !this.closed) this.doc.broadcastAwareness(this.doc.awareness.restamp(this));
  }

  /** Starts the protocol once the document is loaded: our state vector and who is here. */
  attach(doc: SharedDoc): void {
    if (this.closed) return;
    this.doc = doc;
    doc.addPeer(this);
    this.send(encodeSyncStep1(Y.encodeStateVector(doc.ydoc)));
    const present = doc.awareness.snapshot();
    if (present.length > 0) this.send(encodeAwarenessMessage(present));
    // What is stored, at once: the page shows "Saved" (or what it still has to send) on connecting.
    if (this.wantsStoredAcks) {
      this.storedAckScheduled = true;
      this.ackDue();
    }
    this.drain();
  }

  send(message: Uint8Array, sent?: () => void): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    // Checked before queueing: what a client that stopped reading holds in memory stays bounded.
    if (!this.host.sendBudget.admit(this.ws, message.length)) {
      this.host.slowConsumer(this);
      this.close(CloseCode.slowConsumer, 'send buffer full');
      return;
    }
    this.ws.send(message, { binary: true }, sent);
  }

  close(code: number, reason: string): void {
    if (this.closed || this.draining) return;
    this.log.info({ code, reason, doc: this.identity.docName }, 'closing document connection');
    // A shutdown stores everything received: the frames in flight, and those queued behind a
    // load or an answer, are still handled; the socket's end tears the connection down.
    if (code === CloseCode.goingAway) this.draining = true;
    else this.teardown();
    this.ws.close(code, reason);
    // A client that does not answer the close handshake must not keep its socket forever.
    setTimeout(() => this.ws.terminate(), 2000).unref();
  }

  /**
   * Called once per ping period: drops the connection if it has not answered the previous ping
   * (nor sent anything since), else pings it. Browsers answer pings by themselves.
   */
  checkAlive(): void {
    if (this.closed) return;
    if (!this.answered) {
      this.log.info({ doc: this.identity.docName }, 'dropping a document connection that stopped answering pings');
      this.teardown();
      this.ws.terminate();
      return;
    }
    this.answered = false;
    if (this.ws.readyState === this.ws.OPEN) this.ws.ping();
  }

  private receive(data: unknown, isBinary: boolean): void {
    if (this.closed) return;
    this.answered = true;
    if (!isBinary || !Buffer.isBuffer(data)) {
      this.close(CloseCode.malformed, 'binary y-protocols frames only');
      return;
    }
    // A Buffer is a Uint8Array: decoded and applied as it is, without a second view of it.
    const frame: Uint8Array = data;
    if (this.doc === null || this.busy || this.backlog.length > 0) {
      const { maxQueuedMessages, maxQueuedBytes } = this.host.limits;
      if (this.backlog.length >= maxQueuedMessages || this.backlogBytes + frame.length > maxQueuedBytes) {
        this.close(CloseCode.malformed, 'too many messages before the document was ready');
        return;
      }
      this.backlogBytes += frame.length;
      this.backlog.push(frame);
      return;
    }
    this.process(frame);
  }

  private drain(): void {
    while (!this.busy && !this.closed && this.backlog.length > 0) {
      const frame = this.backlog.shift()!;
      this.backlogBytes -= frame.length;
      this.process(frame);
    }
  }

  private process(frame: Uint8Array): void {
    let pending: Promise<void> | undefined;
    try {
      pending = this.handle(frame);
    } catch (err) {
      this.fail(err);
      return;
    }
    if (!pending) return;
    this.busy = true;
    pending.then(
      () => {
        this.busy = false;
        this.drain();
      },
      (err: unknown) => this.fail(err),
    );
  }

  /** Handles one frame; returns a promise only when it has to wait (for the store). */
  private handle(frame: Uint8Array): Promise<void> | undefined {
    const doc = this.doc!;
    const message = decodeMessage(frame);
    switch (message.type) {
      case 'sync-step1':
        // Shutting down, nothing is sent: an answer would only hold up the updates behind it.
        return this.draining ? undefined : this.answerStep1(doc, message.stateVector);
      case 'sync-step2':
      case 'sync-update':
        if (!this.mayWrite(doc)) {
          this.dropReadOnlyWrite();
          return undefined;
        }
        doc.applyClientUpdate(message.update, this);
        this.scheduleStoredAck();
        return undefined;
      case 'awareness': {
        const changes = doc.awareness.apply(message.update, this);
        doc.broadcastAwareness(changes, this);
        return undefined;
      }
      case 'query-awareness': {
        const present = doc.awareness.snapshot();
        this.send(encodeAwarenessMessage(present));
        return undefined;
      }
    }
  }

  /**
   * Sends what the client lacks — but only state that is already stored. At most one answer per
   * connection is on its way at a time: sync step 1s that arrive while one is still being written
   * to the socket leave only the latest to be answered once it is (a burst of them, hundreds of
   * answers of a large pad each, would otherwise hold the event loop and the memory for all of them).
   */
  private answerStep1(doc: SharedDoc, stateVector: Uint8Array): Promise<void> | undefined {
    if (this.answering) {
      this.nextStep1 = stateVector;
      return undefined;
    }
    const answer = () => {
      let message: Uint8Array;
      try {
        message = doc.syncStep2For(stateVector);
      } catch {
        throw new MalformedMessage('invalid state vector');
      }
      this.answering = true;
      this.send(message, this.answered1);
    };
    if (!doc.hasPendingWrites) {
      answer();
      return undefined;
    }
    return doc.whenPersisted().then(answer);
  }

  /** The previous answer left for the socket: answer the step 1 that waited for it, if any. */
  private readonly answered1 = (): void => {
    this.answering = false;
    const next = this.nextStep1;
    if (next === null || this.closed || !this.doc) return;
    this.nextStep1 = null;
    // Behind whatever else is queued, in order, like any frame.
    const frame = encodeSyncStep1(next);
    this.backlog.push(frame);
    this.backlogBytes += frame.length;
    this.drain();
  };

  /**
   * Tells our client what is stored once its edits pause (`ackPacer.ts`) and every pending append
   * has landed — then the server's whole state is stored, so the state vector sent is the truth,
   * never a guess. One ack per pause however many edits came. Also sent when an update changed
   * nothing (a resend after reconnecting) — unless this connection was already sent this very
   * state: every fresh client answers our state vector with an empty update, and the ack sent on
   * attaching says it all.
   */
  private scheduleStoredAck(): void {
    if (!this.wantsStoredAcks) return;
    this.wroteAt = performance.now();
    if (this.storedAckScheduled) return;
    this.storedAckScheduled = true;
    this.host.ackPacer.defer(this);
  }

  get lastWriteAt(): number {
    return this.wroteAt;
  }

  get ackedAt(): number {
    return this.ackSentAt;
  }

  /** The pacer's tick (or attaching): the ack goes out once everything written by then is stored. */
  ackDue(): void {
    const doc = this.doc;
    if (this.closed || !doc) return;
    doc.whenAllStored(this);
  }

  /** Every change made so far is stored: the ack goes out. */
  allStored(): void {
    this.storedAckScheduled = false;
    const doc = this.doc;
    if (this.closed || !doc || doc.storeFailing || doc.version === this.ackedVersion) return;
    this.ackedVersion = doc.version;
    this.ackSentAt = performance.now();
    this.send(encodeStoredState(doc.ydoc));
  }

  /**
   * The grant decides; the document's own ended flag too, because it is set as soon as the end is
   * stored, before this connection's grant is re-checked.
   */
  private mayWrite(doc: SharedDoc): boolean {
    return this.identity.access === 'write' && !doc.roomEnded;
  }

  private dropReadOnlyWrite(): void {
    // Observers' clients answer our sync step 1 with their (empty) state: expected, so counted and
    // logged once rather than closing a connection that would only reconnect and do it again.
    this.host.counters.droppedReadOnlyWrites++;
    if (!this.warnedReadOnly) {
      this.warnedReadOnly = true;
      this.log.debug({ role: this.identity.shownRole, doc: this.identity.docName }, 'dropped write from a read-only connection');
    }
  }

  private fail(err: unknown): void {
    if (err instanceof MalformedMessage) {
      this.close(CloseCode.malformed, err.message);
      return;
    }
    if (err instanceof DocTooLarge) {
      this.host.editRefused(this, err.message);
      this.close(CloseCode.docTooLarge, 'document size limit reached');
      return;
    }
    // Yjs throws on updates it cannot decode; nothing was relayed or stored for them.
    this.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'document message failed');
    this.close(CloseCode.malformed, 'message could not be applied');
  }

  /** The socket ended while shutting down: the updates still queued are applied, in order. */
  private applyBacklog(): void {
    const doc = this.doc;
    if (!doc || !this.mayWrite(doc)) return;
    try {
      for (const frame of this.backlog) {
        const message = decodeMessage(frame);
        if (message.type === 'sync-step2' || message.type === 'sync-update') doc.applyClientUpdate(message.update, this);
      }
    } catch (err) {
      this.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'a queued message failed at shutdown');
    }
  }

  private teardown(): void {
    if (this.closed) return;
    this.closed = true;
    this.backlog.length = 0;
    this.backlogBytes = 0;
    this.doc?.removePeer(this);
    this.host.ackPacer.forget(this);
    this.host.connectionClosed(this);
  }
}
