/**
 * The room domain, between the transports (HTTP, socket.io, y-websocket) and the store. This file
 * is rooms, invites and participants, and wires the other concerns: `commands` (the clock, the end
 * and the flow, on the one mutation path), `presence` (who is connected) and `idle` (ending
 * abandoned rooms). It is also the hub of what changed (`RoomServiceEvents`): the control plane
 * broadcasts it and the collab layer applies it to document connections.
 */
import { EventEmitter } from 'node:events';
import { agendaFromTemplate, withPhaseIds, type Agenda, type AgendaTemplate } from '../../shared/agenda.js';
import type { ParticipantStatus } from '../../shared/people.js';
import type { CreateRoomResponse, InviteLink, JoinResponse, PrivateLink, PresentParticipant, RoomDetails, RoomMode } from '../../shared/protocol.js';
import { ROLES, type Role, type Seat } from '../../shared/roles.js';
import { cleanText, NAME_MAX_LENGTH, TITLE_MAX_LENGTH } from '../../shared/text.js';
import { initialTimer } from '../../shared/timer.js';
import type { TokenService } from '../auth/index.js';
import { badRequest, DuetError, forbidden, notFound, unauthorized } from '../errors.js';
import { initialFlow, type InviteRecord, type ParticipantRecord, type RoomEvent, type RoomAccess, type RoomEventKind, type RoomRecord, type Store } from '../store/index.js';
import type { Announcer, RoomServiceEvents } from './announce.js';
import { RoomCommands, type PadWriter, type QuestionSource } from './commands.js';
import { IdleRooms } from './idle.js';
import { colorFor, newId, newRoomId } from './ids.js';
import { RoomMutations } from './mutation.js';
import { KeyedMutex } from './mutex.js';
import { initialRoleOf, inviteSeat } from './peer.js';
import { Presence } from './presence.js';
import { IntegrityLog } from './integrity.js';
import { People } from './people.js';
import { authorize, identityOf, toParticipant, toRoomInfo, type Identity } from './views.js';

export interface CreateRoomInput {
  title?: string | undefined;
  mode?: RoomMode | undefined;
  agenda?: Agenda | undefined;
  template?: AgendaTemplate | undefined;
  guaranteeCoding?: boolean | undefined;
  hostName?: string | undefined;
}

export interface RoomServiceOptions {
  store: Store;
  tokens: TokenService;
  inviteTtlSeconds: number;
  /** Base of invite links, e.g. `https://duet.example.com`; a function because the port may be bound late. */
  publicUrl: () => string;
  /** A room with nobody connected this long is ended automatically. */
  idleEndMs: number;
  onIdleEndError?: (roomId: string, err: unknown) => void;
  /** The question bank, for reveals. */
  questions: QuestionSource;
  /** Starter code into the pad (the collab layer's). */
  pad: PadWriter;
  /** The clock of everything the domain records and announces (tests may pass their own). */
  now: () => number;
  /**
   * Called under the room's lock before the store erases a room: the transports close its
   * connections and drop its loaded documents, so nothing of it is written afterwards.
   */
  onErasing?: (roomId: string) => Promise<void>;
}

/**
 * Presence shared by several processes (server/scale/presence.ts): each tells it who is online
 * through its own connections, and asks it who is online anywhere.
 */
export interface SharedPresence {
  /** Records who is online here; resolves with who was online through the other processes then. */
  changed(roomId: string, localOnline: Set<string>): Promise<Set<string>>;
  online(roomId: string, localOnline: Set<string>): Promise<Set<string>>;
}

export interface InviteOptions {
  ttlSeconds?: number | undefined;
  maxUses?: number | undefined;
  seat?: Seat | undefined;
}

export function cleanName(input: string): string {
  const name = cleanText(input, NAME_MAX_LENGTH);
  if (name.length === 0) throw badRequest(`name must be 1–${NAME_MAX_LENGTH} characters`);
  return name;
}

export class RoomService extends EventEmitter<RoomServiceEvents> {
  readonly presence = new Presence();
  /** Connection counts per room, for ending abandoned rooms. */
  readonly idle: IdleRooms;
  /** Everything that changes a room: the clock, the end, the flow. */
  readonly commands: RoomCommands;
  /** The candidate's integrity signals (pastes, focus). */
  readonly integrity: IntegrityLog;
  /** Admitting, denying, removing, roles, the pad lock, "follow me". */
  readonly people: People;
  readonly now: () => number;
  private readonly store: Store;
  private readonly tokens: TokenService;
  private readonly lock = new KeyedMutex();
  private readonly mutations: RoomMutations;
  private sharedPresence: SharedPresence | null = null;

  constructor(private readonly options: RoomServiceOptions) {
    super();
    this.store = options.store;
    this.tokens = options.tokens;
    this.now = options.now;
    this.mutations = new RoomMutations({ store: this.store, lock: this.lock, events: this, now: this.now });
    this.integrity = new IntegrityLog(this.store, this.now);
    this.people = new People({ store: this.store, lock: this.lock, mutations: this.mutations, events: this, now: this.now });
    this.commands = new RoomCommands({ mutations: this.mutations, questions: options.questions, pad: options.pad, now: this.now });
    this.idle = new IdleRooms({
      idleMs: options.idleEndMs,
      now: this.now,
      end: (roomId) => this.commands.endAbandoned(roomId),
      onError: options.onIdleEndError ?? (() => undefined),
    });
    this.on('ended', (roomId) => this.idle.ended(roomId));
  }

  /**
   * Several processes: changes are announced through `announcer` (in version order, on every
   * process), and presence is `shared`.
   */
  joinCluster(announcer: Announcer, shared: SharedPresence): void {
    this.mutations.announcer = announcer;
    this.sharedPresence = shared;
  }

  async create(input: CreateRoomInput): Promise<CreateRoomResponse> {
    const now = this.now();
    const mode = input.mode ?? 'interview';
    if (input.agenda && input.template) throw badRequest('send either agenda or template, not both');
    const agenda = input.agenda
      ? withPhaseIds(input.agenda)
      : agendaFromTemplate(input.template ?? (mode === 'peer' ? 'peer-mock' : 'technical-round'));
    const room: Omit<RoomRecord, 'version'> = {
      id: newRoomId(),
      title: cleanText(input.title ?? '', TITLE_MAX_LENGTH) || (mode === 'peer' ? 'Peer mock interview' : 'Interview'),
      mode,
      agenda,
      status: 'open',
      createdAt: now,
      endedAt: null,
      timer: initialTimer(),
      flow: { ...initialFlow(mode), guaranteeCoding: input.guaranteeCoding ?? false },
    };
    const hostSeat = mode === 'peer' ? 'a' : null;
    const host = this.newParticipant(room.id, 'interviewer', cleanName(input.hostName ?? (hostSeat ? 'Peer A' : 'Interviewer')), hostSeat, 0);
    const inviteRecords = ROLES.map((role) => this.newInvite(room, role, {}));
    // One transaction: a room is never stored without its host or its invites.
    const stored = await this.store.createRoom({
      room,
      participants: [host],
      invites: inviteRecords,
      events: [this.newEvent(room.id, 'create', host.id, { title: room.title, mode: room.mode, agenda: room.agenda, timer: room.timer })],
    });
    const invites = Object.fromEntries(inviteRecords.map((invite) => [invite.role, this.inviteLink(invite)])) as Record<Role, InviteLink>;
    this.idle.created(room.id);
    return {
      room: toRoomInfo(stored),
      hostToken: this.sign(host),
      participant: toParticipant(host, stored),
      invites,
      ...(mode === 'peer' ? { seats: { a: invites.interviewer, b: invites.candidate } } : {}),
    };
  }

  /**
   * Stores a room brought in from elsewhere (an import) with its participants and events as they
   * were, and fresh invites; answers as `create` does, with a session for `host`.
   */
  async adopt(input: { room: Omit<RoomRecord, 'version'>; participants: ParticipantRecord[]; events: RoomEvent[]; host: ParticipantRecord }): Promise<CreateRoomResponse> {
    const { room, participants, events, host } = input;
    const inviteRecords = ROLES.map((role) => this.newInvite(room, role, {}));
    const stored = await this.store.createRoom({ room, participants, invites: inviteRecords, events });
    const invites = Object.fromEntries(inviteRecords.map((invite) => [invite.role, this.inviteLink(invite)])) as Record<Role, InviteLink>;
    if (stored.status === 'open') this.idle.created(room.id);
    return {
      room: toRoomInfo(stored),
      hostToken: this.sign(host),
      participant: toParticipant(host, stored),
      invites,
      ...(room.mode === 'peer' ? { seats: { a: invites.interviewer, b: invites.candidate } } : {}),
    };
  }

  requireRoom(id: string): Promise<RoomRecord> {
    return this.mutations.requireRoom(id);
  }

  async createInvite(room: RoomRecord, role: Role, options: InviteOptions): Promise<InviteLink> {
    const invite = this.newInvite(room, role, options);
    await this.store.createInvite(invite);
    return this.inviteLink(invite);
  }

  private newInvite(room: Pick<RoomRecord, 'id' | 'mode'>, role: Role, options: InviteOptions): InviteRecord {
    if (options.seat && room.mode !== 'peer') throw badRequest('only peer rooms have seats');
    const seat = inviteSeat(room.mode, role, options.seat);
    const now = this.now();
    return {
      id: newId(),
      roomId: room.id,
      // The token names the role the seat starts as; the role in the room always follows the seats.
      role: seat ? initialRoleOf(seat) : role,
      createdAt: now,
      expiresAt: now + (options.ttlSeconds ?? this.options.inviteTtlSeconds) * 1000,
      maxUses: options.maxUses ?? null,
      uses: 0,
      revoked: false,
      seat,
    };
  }

  private inviteLink(invite: InviteRecord): InviteLink {
    const token = this.tokens.signInvite(invite);
    return { url: `${this.options.publicUrl()}/join/${token}`, token, expiresAt: invite.expiresAt, maxUses: invite.maxUses };
  }

  async revokeInvites(roomId: string, role: Role, by: string): Promise<number> {
    const count = await this.store.revokeInvites(roomId, role);
    await this.event(roomId, 'revoke', by, { role, count });
    return count;
  }

  /** What an invite opens, without using it: the join page shows a bad or ended link plainly. */
  async inspectInvite(token: unknown): Promise<{ room: RoomRecord; role: Role; inviteId: string; seat: Seat | null }> {
    const claims = this.tokens.verifyInvite(token);
    const invite = await this.store.getInvite(claims.jti);
    if (!invite || invite.roomId !== claims.room) throw unauthorized('this invite link is not valid');
    if (invite.revoked) throw unauthorized('this invite link has been revoked');
    if (invite.maxUses !== null && invite.uses >= invite.maxUses) throw unauthorized('this invite link has been used up');
    const room = await this.requireRoom(claims.room);
    // Whether a seat is free is known only when joining, under the room's lock.
    authorize(room, { role: claims.role, seat: invite.seat }, { type: 'room:join', seatTaken: false });
    return { room, role: claims.role, inviteId: invite.id, seat: invite.seat };
  }

  async join(roomId: string, inviteToken: unknown, name: string): Promise<JoinResponse> {
    const claims = this.tokens.verifyInvite(inviteToken);
    if (claims.room !== roomId) throw new DuetError('forbidden', 'this invite belongs to another room');
    const cleaned = cleanName(name);
    // Under the room lock: a join cannot slip past an end in this process. A peer seat is one
    // person: otherwise the interviewing peer could mint an invite for the other seat, join as a
    // second holder of it, and read that seat's private notes. The policy refuses a taken seat;
    // the store's unique (room, seat) holds it also against another process joining at once.
    return this.lock.run(roomId, async () => {
      const { room, role, inviteId, seat } = await this.inspectInvite(inviteToken);
      const present = await this.store.listParticipants(room.id);
      authorize(room, { role, seat }, { type: 'room:join', seatTaken: seat !== null && present.some((p) => p.seat === seat) });
      // With the waiting room on, everyone but interviewers knocks and waits to be admitted.
      const status: ParticipantStatus = room.flow.waitingRoom && role !== 'interviewer' ? 'waiting' : 'admitted';
      const participant = this.newParticipant(room.id, role, cleaned, seat, present.length, status);
      const event = this.newEvent(room.id, status === 'waiting' ? 'knock' : 'join', participant.id, { role, name: participant.name, seat });
      // The invite's use, the participant and the event in one transaction.
      const joined = await this.store.joinRoom({ inviteId, participant, event });
      if (joined.status === 'seat-taken') throw new DuetError('conflict', 'this seat is already taken');
      if (joined.status !== 'joined') throw unauthorized(joined.status === 'exhausted' ? 'this invite link has been used up' : 'this invite link is not valid');
      if (status === 'waiting') this.emit('presence', room.id);
      return { token: this.sign(participant), participant: toParticipant(participant, room), room: toRoomInfo(room) };
    });
  }

  /**
   * A private link back into the room as `who` (same participant, same seat), valid as long as an
   * invite. Stateless: a signed key, so nothing is stored and a restart keeps it working.
   */
  privateLink(who: Identity): PrivateLink {
    authorize(who.room, who, { type: 'session:link' });
    const ttl = this.options.inviteTtlSeconds;
    const key = this.tokens.signRejoin({ id: who.participant.id, roomId: who.room.id }, ttl);
    return { url: `${this.options.publicUrl()}/r/${encodeURIComponent(who.room.id)}#key=${key}`, expiresAt: this.now() + ttl * 1000 };
  }

  /** A private link's key for a fresh session of the participant it names. */
  async rejoin(roomId: string, key: unknown): Promise<JoinResponse> {
    const claims = this.tokens.verifyRejoin(key);
    if (claims.room !== roomId) throw new DuetError('forbidden', 'this private link belongs to another room');
    const [room, record] = await Promise.all([this.requireRoom(roomId), this.store.getParticipant(claims.sub)]);
    const who = identityOf(room, record);
    authorize(room, who, { type: 'session:link' });
    return { token: this.sign(record!), participant: who.participant, room: toRoomInfo(room) };
  }

  /**
   * The room and the participant behind a session, with their role in the room now. A participant
   * that does not exist (any more) in that room is refused.
   */
  async identify(claims: { room: string; sub: string }): Promise<Identity> {
    const [room, record] = await Promise.all([this.requireRoom(claims.room), this.store.getParticipant(claims.sub)]);
    return identityOf(room, record);
  }

  /**
   * The same for the document endpoint, in one store read (every document connection makes it):
   * only what its access decisions read of the room. `tokenRoom` is the room the session was
   * issued for: an unknown room is a 404 before another room's token is a 403.
   */
  async identifyForDocs(roomId: string, sub: string, tokenRoom: string = roomId): Promise<Identity<RoomAccess>> {
    const access = await this.store.getAccess(roomId, sub);
    if (!access) throw notFound('no such room');
    if (tokenRoom !== roomId) throw forbidden('this token belongs to another room');
    return identityOf(access.room, access.participant);
  }

  /** Everything needed to render the room, for `who` (`GET /api/rooms/:id`, `room:state`). */
  async details(who: Identity): Promise<RoomDetails> {
    const { room, participant } = who;
    return {
      room: toRoomInfo(room),
      timer: room.timer,
      serverNow: this.now(),
      participants: await this.participants(room.id, room),
      you: participant,
    };
  }

  async participants(roomId: string, room?: RoomRecord): Promise<PresentParticipant[]> {
    const local = this.presence.online(roomId);
    const online = this.sharedPresence ? await this.sharedPresence.online(roomId, local) : local;
    const [all, current] = await Promise.all([this.store.listParticipants(roomId), room ?? this.requireRoom(roomId)]);
    return all.map((p) => ({ ...toParticipant(p, current), online: online.has(p.id) }));
  }

  /**
   * Runs `work` with the room as stored, under its lock, changing nothing (see `RoomMutations.read`):
   * the control plane sends interviewer-only material this way, so no swap slips in between.
   */
  locked<T>(roomId: string, work: (room: RoomRecord) => T | Promise<T>): Promise<T> {
    return this.mutations.read(roomId, work);
  }

  /** `DELETE /api/rooms/:id`: erases an ended room now, if the access policy lets `who`. */
  async delete(who: Identity): Promise<void> {
    authorize(who.room, who, { type: 'room:delete' });
    await this.erase(who.room.id);
  }

  /**
   * Erases a room and everything recorded in it (documents, update log, notes, events, invites).
   * Under the room's lock, so no command of the room runs meanwhile; returns false when it was
   * already gone.
   */
  erase(roomId: string): Promise<boolean> {
    return this.lock.run(roomId, async () => {
      await this.options.onErasing?.(roomId);
      const deleted = await this.store.deleteRoom(roomId);
      this.idle.ended(roomId);
      return deleted;
    });
  }

  /** Called by the control plane when a participant's socket connects or disconnects. */
  async markOnline(roomId: string, participantId: string, online: boolean): Promise<void> {
    const changed = online ? this.presence.add(roomId, participantId) : this.presence.remove(roomId, participantId);
    if (!changed) return;
    const elsewhere = await this.sharedPresence?.changed(roomId, this.presence.online(roomId));
    // Someone with another tab on another process neither came nor went: logged there, not here.
    if (!elsewhere?.has(participantId)) await this.event(roomId, online ? 'join' : 'leave', participantId, { presence: true });
    this.emit('presence', roomId);
  }

  private newParticipant(roomId: string, role: Role, name: string, seat: Seat | null, index: number, status: ParticipantStatus = 'admitted'): ParticipantRecord {
    return { id: newId(), roomId, name, role, color: colorFor(index), createdAt: this.now(), seat, status };
  }

  private sign(p: ParticipantRecord): string {
    return this.tokens.signSession({ id: p.id, roomId: p.roomId, role: p.role, name: p.name, color: p.color });
  }

  private newEvent(roomId: string, kind: RoomEventKind, participantId: string | null, data: Record<string, unknown> | null): RoomEvent {
    return { roomId, at: this.now(), kind, participantId, data };
  }

  private event(roomId: string, kind: RoomEventKind, participantId: string | null, data: Record<string, unknown> | null) {
    return this.store.addEvent(this.newEvent(roomId, kind, participantId, data));
  }
}
