/**
 * One room's connections: the socket.io control plane (presence, timer, room status) and the Yjs
 * documents over y-websocket. The UI subscribes to a single immutable snapshot.
 */
import { io, type Socket } from 'socket.io-client';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import * as decoding from 'lib0/decoding';
import { CloseCode, DUET_STORED_MESSAGE, YJS_SUBPROTOCOL } from '../../../shared/wire.js';
import type { ErrorBody } from '../../../shared/errors.js';
import type { QuestionGuidance } from '../../../shared/questions.js';
import type {
  Ack,
  ClientToServerEvents,
  Participant,
  PresentParticipant,
  RevealRequest,
  RevealResult,
  RoomAlert,
  RoomInfo,
  RoomSettingsRequest,
  ServerToClientEvents,
  SetAgendaRequest,
  TimerEvent,
  TimerUpdate,
} from '../../../shared/protocol.js';
import { docAccess, type DocAccess } from '../../../shared/policy.js';
import { notesDocOf, otherSeat, ownNotesDoc, type DocName } from '../../../shared/roles.js';
import { api, ApiError } from './api.js';

export type LinkStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';


/** Whether this tab's own pad edits are stored by the server: `unknown` until the server says. */
export type SaveState = 'saved' | 'saving' | 'unknown';

export interface ClockSnapshot extends TimerUpdate {
  /** Local `Date.now()` when the update arrived; the server clock is `serverNow + (now - receivedAt)`. */
  receivedAt: number;
}

export interface RoomSnapshot {
  room: RoomInfo | null;
  you: Participant;
  participants: PresentParticipant[];
  clock: ClockSnapshot | null;
  status: LinkStatus;
  /** The pad has completed its first sync with the server. */
  synced: boolean;
  /** Milliseconds from opening the room to the pad's first sync (null until then). */
  firstSyncMs: number | null;
  /** A fatal problem (session expired, room gone): the UI stops and says so. */
  fatal: string | null;
  save: SaveState;
  /** The notes document this person may open now (interviewers; a peer's own seat), or null. */
  notes: NotesHandle | null;
  /** Peer rooms after the end: the other seat's notes and scorecard, when they shared them. */
  peerFeedback: NotesHandle | null;
  /** Interviewer-only guidance of revealed questions, by question id. */
  guidance: Readonly<Record<string, QuestionGuidance>>;
  /** The latest room alert (a refused edit), until dismissed. */
  alert: RoomAlert | null;
  /** In the waiting room (connected, not yet admitted; no documents until then): the room's title. */
  waiting: { title: string } | null;
  /** An interviewer asked everyone to follow them: their participant id, or null. */
  leader: string | null;
}

export interface NotesHandle {
  name: DocName;
  doc: Y.Doc;
  provider: WebsocketProvider;
  access: Exclude<DocAccess, 'none'>;
}

export type ControlSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Closes after which reconnecting cannot help. */
const PERMANENT_CLOSES: ReadonlySet<number> = new Set([CloseCode.malformed, CloseCode.unauthorized, CloseCode.forbidden, CloseCode.notFound, CloseCode.docTooLarge]);
const ACK_TIMEOUT_MS = 5000;

export class RoomConnection {
  readonly pad = new Y.Doc();
  readonly padProvider: WebsocketProvider;
  private readonly socket: ControlSocket;
  private readonly wsBase = location.origin.replace(/^http/, 'ws') + '/yjs';
  private snapshot: RoomSnapshot;
  private listeners = new Set<(s: RoomSnapshot) => void>();
  private socketConnected = false;
  private everConnected = false;
  private browserOnline = true;
  private readonly cleanup: (() => void)[] = [];
  /** What the server last said it has stored of the pad. */
  private stored: Map<number, number> | null = null;

  constructor(
    readonly roomId: string,
    private readonly token: string,
    you: Participant,
  ) {
    this.snapshot = {
      room: null,
      you,
      participants: [],
      clock: null,
      status: 'connecting',
      synced: false,
      firstSyncMs: null,
      fatal: null,
      save: 'unknown',
      notes: null,
      peerFeedback: null,
      guidance: {},
      alert: null,
      waiting: null,
      leader: null,
    };
    this.padProvider = this.provider('pad', this.pad);
    const openedAt = performance.now();
    this.padProvider.on('sync', (synced: boolean) => {
      if (synced) this.update({ synced: true, firstSyncMs: this.snapshot.firstSyncMs ?? Math.round(performance.now() - openedAt) });
    });
    const onLocalUpdate = (_update: Uint8Array, origin: unknown): void => {
      if (origin !== this.padProvider) this.refreshSave();
    };
    this.pad.on('update', onLocalUpdate);

    this.socket = io({ transports: ['websocket'], auth: { token } });
    this.socket.on('connect', () => {
      this.socketConnected = true;
      this.refreshStatus();
    });
    this.socket.on('disconnect', () => {
      this.socketConnected = false;
      this.refreshStatus();
    });
    this.socket.on('connect_error', (err) => {
      // A middleware refusal (bad or expired token) is not retried by socket.io.
      if (!this.socket.active) this.fail(sessionProblem(err.message));
      this.refreshStatus();
    });
    // The waiting room: the pad would be refused until an interviewer admits us, so it waits too.
    this.socket.on('people:waiting', ({ title }) => {
      this.padProvider.disconnect();
      this.update({ waiting: { title } });
    });
    this.socket.on('people:shut-out', ({ reason }) => this.fail(reason));
    this.socket.on('people:follow', ({ participantId }) => this.update({ leader: participantId }));
    this.socket.on('room:state', (state) => {
      if (this.snapshot.waiting && this.browserOnline) this.padProvider.connect();
      this.update({
        waiting: null,
        room: state.room,
        you: state.you,
        participants: state.participants,
        clock: { timer: state.timer, agenda: state.room.agenda, serverNow: state.serverNow, receivedAt: Date.now() },
      });
    });
    this.socket.on('presence', ({ participants }) => this.update({ participants }));
    this.socket.on('timer', (update) => {
      const current = this.snapshot.clock;
      if (current && update.timer.version < current.timer.version) return;
      this.update({ clock: { ...update, receivedAt: Date.now() } });
    });
    this.socket.on('room', (room) => this.update({ room }));
    this.socket.on('you', (you) => this.update({ you }));
    this.socket.on('alert', (alert) => this.update({ alert }));
    this.socket.on('question:guidance', ({ questionId, guidance }) => this.update({ guidance: { ...this.snapshot.guidance, [questionId]: guidance } }));

    // The room over plain HTTP as well: it renders the title and clock even while the socket is
    // still connecting, and turns a dead session into a clear message instead of endless retries.
    api.room(roomId, token).then(
      (details) => {
        if (this.snapshot.room) return;
        this.update({
          room: details.room,
          you: details.you,
          participants: this.snapshot.participants.length ? this.snapshot.participants : details.participants,
          clock: this.snapshot.clock ?? { timer: details.timer, agenda: details.room.agenda, serverNow: details.serverNow, receivedAt: Date.now() },
        });
      },
      (err: unknown) => {
        if (!(err instanceof ApiError)) return;
        if (err.status === 401) this.fail('Your session is no longer valid. Open your invite link again to rejoin.');
        else if (err.status === 404) this.fail('This room does not exist (any more).');
      },
    );

    // Going offline closes the sockets on purpose: edits stay in the local Y.Doc and merge when the
    // provider reconnects and exchanges state vectors, instead of trickling into a dead socket.
    const onOffline = (): void => {
      this.browserOnline = false;
      this.padProvider.disconnect();
      this.snapshot.notes?.provider.disconnect();
      this.snapshot.peerFeedback?.provider.disconnect();
      this.socket.disconnect();
      this.refreshStatus();
    };
    const onOnline = (): void => {
      this.browserOnline = true;
      if (this.snapshot.fatal) return;
      this.padProvider.connect();
      this.snapshot.notes?.provider.connect();
      this.snapshot.peerFeedback?.provider.connect();
      this.socket.connect();
      this.refreshStatus();
    };
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
    this.cleanup.push(() => {
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
    });
  }

  private provider(doc: DocName, ydoc: Y.Doc): WebsocketProvider {
    const provider = new WebsocketProvider(this.wsBase, `${this.roomId}/${doc}`, ydoc, {
      // The token rides in Sec-WebSocket-Protocol, never in the URL (URLs end up in logs).
      protocols: [YJS_SUBPROTOCOL, this.token],
      disableBc: true,
      maxBackoffTime: 5000,
      shouldReconnect: (event) => !PERMANENT_CLOSES.has(event.code),
    });
    provider.messageHandlers[DUET_STORED_MESSAGE] = (_encoder, decoder) => {
      const stored = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
      if (doc !== 'pad') return;
      this.stored = stored;
      this.refreshSave();
    };
    provider.on('status', () => this.refreshStatus());
    provider.on('closed', (event) => {
      if (doc !== 'pad') return;
      if (event.code === CloseCode.unauthorized) this.fail('Your session has expired. Open your invite link again to rejoin.');
      else if (event.code === CloseCode.notFound) this.fail('This room no longer exists.');
      else if (event.code === CloseCode.docTooLarge) this.fail('The pad has reached its size limit; further edits cannot be saved.');
    });
    return provider;
  }

  /** Stops every connection: retrying cannot help, and the page says why. */
  private fail(message: string): void {
    if (this.snapshot.fatal) return;
    this.padProvider.disconnect();
    this.snapshot.notes?.provider.disconnect();
    this.snapshot.peerFeedback?.provider.disconnect();
    this.socket.disconnect();
    this.update({ fatal: message });
  }

  /** Saved once the server's stored state covers everything this tab wrote to the pad. */
  private refreshSave(): void {
    if (!this.stored) return;
    const mine = Y.decodeStateVector(Y.encodeStateVector(this.pad)).get(this.pad.clientID) ?? 0;
    const save: SaveState = (this.stored.get(this.pad.clientID) ?? 0) >= mine ? 'saved' : 'saving';
    if (save !== this.snapshot.save) this.update({ save });
  }

  private refreshStatus(): void {
    const padUp = this.padProvider.wsconnected;
    let status: LinkStatus;
    if (!this.browserOnline) status = 'offline';
    else if (padUp && this.socketConnected) status = 'connected';
    else status = this.everConnected ? 'reconnecting' : 'connecting';
    if (status === 'connected') this.everConnected = true;
    if (status !== this.snapshot.status) this.update({ status });
  }

  private update(changes: Partial<RoomSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...changes };
    if ('room' in changes || 'you' in changes) this.syncNotes();
    for (const listener of this.listeners) listener(this.snapshot);
  }

  /**
   * Opens, reopens or closes the notes document as the room and the person's role allow: a peer
   * swap hands the notes to the other seat, an ended room makes them read-only. The server decides
   * the same way (`docAccess`) and closes connections that lost access; this only follows it.
   */
  private syncNotes(): void {
    const { room, you } = this.snapshot;
    if (!room) return;
    const who = { role: you.role, seat: you.seat ?? null };
    const own = ownNotesDoc(room.mode, who.seat);
    // Peer rooms: the other seat's notes and scorecard, once its owner shared them after the end.
    const other: DocName | null = room.mode === 'peer' && who.seat ? notesDocOf(otherSeat(who.seat)) : null;
    const notes = this.syncSlot(this.snapshot.notes, own, own ? docAccess(room, who, own) : 'none');
    const peerFeedback = this.syncSlot(this.snapshot.peerFeedback, other, other ? docAccess(room, who, other) : 'none');
    this.snapshot = { ...this.snapshot, notes, peerFeedback };
  }

  /** The handle a slot should hold for `name` at `access`: kept, updated, replaced or closed. */
  private syncSlot(current: NotesHandle | null, name: DocName | null, access: DocAccess): NotesHandle | null {
    if (current && current.name === name && current.access === access) return current;
    if (current && (access === 'none' || current.name !== name)) {
      current.provider.destroy();
      current.doc.destroy();
    }
    if (!name || access === 'none') return null;
    return current && current.name === name ? { ...current, access } : this.openNotes(name, access);
  }

  private openNotes(name: DocName, access: Exclude<DocAccess, 'none'>): NotesHandle {
    const doc = new Y.Doc();
    const provider = this.provider(name, doc);
    if (!this.browserOnline) provider.disconnect();
    return { name, doc, provider, access };
  }

  dismissAlert(): void {
    this.update({ alert: null });
  }

  get current(): RoomSnapshot {
    return this.snapshot;
  }

  subscribe(listener: (s: RoomSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async timer(command: TimerEvent): Promise<ErrorBody | null> {
    return this.ack(await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck(command).catch(timeoutAck));
  }

  /** Sends a command with an acknowledgement; a lost connection or a slow server is an error too. */
  private async command<T extends object>(send: (socket: ReturnType<ControlSocket['timeout']>) => Promise<Ack<T>>): Promise<Ack<T>> {
    return send(this.socket.timeout(ACK_TIMEOUT_MS)).catch(timeoutAck);
  }

  async setAgenda(request: SetAgendaRequest): Promise<ErrorBody | null> {
    const result = await this.command((s) => s.emitWithAck('agenda:set', request));
    if (!result.ok) return result.error;
    this.update({ room: result.room });
    return this.ack(result);
  }

  async settings(request: RoomSettingsRequest): Promise<ErrorBody | null> {
    const result = await this.command((s) => s.emitWithAck('room:settings', request));
    if (result.ok) this.update({ room: result.room });
    return result.ok ? null : result.error;
  }

  async reveal(request: RevealRequest): Promise<Ack<RevealResult>> {
    const result = await this.command((s) => s.emitWithAck('question:reveal', request));
    if (result.ok) this.update({ guidance: { ...this.snapshot.guidance, [result.revealed.question.id]: result.guidance } });
    return result;
  }

  async swap(): Promise<ErrorBody | null> {
    const result = await this.command((s) => s.emitWithAck('room:swap'));
    if (result.ok) this.update({ room: result.room });
    return result.ok ? null : result.error;
  }

  /** Interviewers: ask everyone to follow this person's view, or stop. */
  async followMe(on: boolean): Promise<ErrorBody | null> {
    const result = await this.command((s) => s.emitWithAck('people:follow-me', { on }));
    return result.ok ? null : result.error;
  }

  async shareFeedback(shared: boolean): Promise<ErrorBody | null> {
    const result = await this.command((s) => s.emitWithAck('feedback:share', { shared }));
    if (result.ok) this.update({ room: result.room });
    return result.ok ? null : result.error;
  }

  /** The control socket, for the call's signalling (client/src/call), which listens and sends on it. */
  get control(): ControlSocket {
    return this.socket;
  }

  get sessionToken(): string {
    return this.token;
  }

  async endRoom(): Promise<ErrorBody | null> {
    const result = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('room:end').catch(timeoutAck);
    if (result.ok) this.update({ room: result.room });
    return result.ok ? null : result.error;
  }

  private ack(result: Ack<TimerUpdate>): ErrorBody | null {
    if (!result.ok) return result.error;
    const current = this.snapshot.clock;
    if (!current || result.timer.version >= current.timer.version) {
      this.update({ clock: { timer: result.timer, agenda: result.agenda, serverNow: result.serverNow, receivedAt: Date.now() } });
    }
    return null;
  }

  destroy(): void {
    for (const fn of this.cleanup) fn();
    this.socket.disconnect();
    this.padProvider.destroy();
    for (const handle of [this.snapshot.notes, this.snapshot.peerFeedback]) {
      handle?.provider.destroy();
      handle?.doc.destroy();
    }
    this.pad.destroy();
    this.listeners.clear();
  }
}

function timeoutAck(): { ok: false; error: ErrorBody } {
  return { ok: false, error: { code: 'unavailable', message: 'The server did not answer in time. Try again.' } };
}

function sessionProblem(message: string): string {
  if (/unauthori[sz]ed|expired|invalid/i.test(message)) return 'Your session is no longer valid. Open your invite link again to rejoin.';
  if (/not.?found/i.test(message)) return 'This room no longer exists.';
  return `Could not connect to the room: ${message}`;
}
