/**
 * Rooms, invites, participants and the interview clock: the domain of Duet, between the transports
 * (HTTP, socket.io, y-websocket) and the store. It emits what changed; the control plane broadcasts
 * it and the collab layer turns an ended room read-only.
 */
import { EventEmitter } from 'node:events';
import { agendaFromTemplate, withPhaseIds, type Agenda, type AgendaTemplate } from '../../shared/agenda.js';
import type {
  CreateRoomResponse,
  InviteLink,
  JoinResponse,
  Participant,
  PresentParticipant,
  RoomDetails,
  RoomInfo,
  RoomMode,
  TimerUpdate,
} from '../../shared/protocol.js';
import { canJoinEndedRoom, ROLES, type Role, type Seat } from '../../shared/roles.js';
import { cleanText, NAME_MAX_LENGTH, TITLE_MAX_LENGTH } from '../../shared/text.js';
import { applyTimerCommand, initialTimer, type TimerCommand } from '../../shared/timer.js';
import type { TokenService } from '../auth/index.js';
import { badRequest, DuetError, notFound, unauthorized } from '../errors.js';
import { initialFlow, type InviteRecord, type ParticipantRecord, type RoomChanges, type RoomEvent, type RoomEventKind, type RoomFlow, type RoomRecord, type Store } from '../store/index.js';
import { IdleRooms } from './idle.js';
import { colorFor, newId, newRoomId } from './ids.js';
import { effectiveRole, initialRoleOf, inviteSeat, seatAfterSwapPhase, swapped } from './peer.js';
import { KeyedMutex } from './mutex.js';
import { Presence } from './presence.js';

export interface CreateRoomInput {
  title?: string | undefined;
  mode?: RoomMode | undefined;
  agenda?: Agenda | undefined;
  template?: AgendaTemplate | undefined;
  guaranteeCoding?: boolean | undefined;
  hostName?: string | undefined;
}

/** Who is asking, as the room sees them now (peer rooms: the role follows the seats). */
export interface Identity {
  room: RoomRecord;
  participant: Participant;
  seat: Seat | null;
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
  now?: () => number;
}

export interface RoomServiceEvents {
  timer: [roomId: string, update: TimerUpdate];
  room: [room: RoomInfo];
  ended: [roomId: string];
  presence: [roomId: string];
  /** Who may open which document changed (swap, settings): the collab layer re-checks connections. */
  access: [roomId: string];
  /** Effective roles changed (peer swap): the control plane re-sends state to every socket. */
  roles: [room: RoomRecord];
}

/** What a `mutate` step returns: the stored changes, its result, the event to log, and what to do after. */
export interface RoomChange<T> {
  changes: Partial<Pick<RoomRecord, 'agenda' | 'timer' | 'flow'>>;
  result: T;
  event: [RoomEventKind, string | null, Record<string, unknown> | null];
  /** Runs once the change is stored and announced, still under the room's lock. */
  after?: (room: RoomRecord) => void;
}

export interface InviteOptions {
  ttlSeconds?: number | undefined;
  maxUses?: number | undefined;
  seat?: Seat | undefined;
}

export const toRoomInfo = (r: RoomRecord): RoomInfo => ({
  id: r.id,
  title: r.title,
  mode: r.mode,
  agenda: r.agenda,
  status: r.status,
  createdAt: r.createdAt,
  endedAt: r.endedAt,
  guaranteeCoding: r.flow.guaranteeCoding,
  observersSeeNotes: r.flow.observersSeeNotes,
  revealed: r.flow.revealed,
  peer: r.flow.peer,
});

/** A participant as others see them; with the room's flow, the role is the effective one. */
export const toParticipant = (p: ParticipantRecord, flow?: RoomFlow): Participant => ({
  id: p.id,
  name: p.name,
  role: flow ? effectiveRole(p, flow) : p.role,
  color: p.color,
  ...(p.seat ? { seat: p.seat } : {}),
});

/** The identity of a participant record in a room; refused unless it belongs there. */
function identityOf(room: RoomRecord, record: ParticipantRecord | null): Identity {
  if (!record || record.roomId !== room.id) throw unauthorized('this session does not belong to the room');
  return { room, participant: toParticipant(record, room.flow), seat: record.seat };
}

/**
 * How often a room change is worked out again when another process changed the room between the
 * read and the write (the store's compare-and-set refused it). Each retry starts from the room as
 * it is now; running out means the room is that busy, and the caller is told to try again.
 */
const ROOM_WRITE_ATTEMPTS = 5;

export function cleanName(input: string): string {
  const name = cleanText(input, NAME_MAX_LENGTH);
  if (name.length === 0) throw badRequest(`name must be 1–${NAME_MAX_LENGTH} characters`);
  return name;
}

export class RoomService extends EventEmitter<RoomServiceEvents> {
  readonly presence = new Presence();
  /** Connection counts per room, for ending abandoned rooms. */
  readonly idle: IdleRooms;
  private readonly store: Store;
  private readonly tokens: TokenService;
  private readonly mutex = new KeyedMutex();
  private readonly now: () => number;

  constructor(private readonly options: RoomServiceOptions) {
    super();
    this.store = options.store;
    this.tokens = options.tokens;
    this.now = options.now ?? Date.now;
    this.idle = new IdleRooms({
      idleMs: options.idleEndMs,
      now: this.now,
      end: (roomId) => this.end(roomId, null),
      onError: options.onIdleEndError ?? (() => undefined),
    });
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
      events: [this.newEvent(room.id, 'create', host.id, { title: room.title, mode: room.mode })],
    });
    const invites = Object.fromEntries(inviteRecords.map((invite) => [invite.role, this.inviteLink(invite)])) as Record<Role, InviteLink>;
    this.idle.created(room.id);
    return {
      room: toRoomInfo(stored),
      hostToken: this.sign(host),
      participant: toParticipant(host, stored.flow),
      invites,
      ...(mode === 'peer' ? { seats: { a: invites.interviewer, b: invites.candidate } } : {}),
    };
  }

  async requireRoom(id: string): Promise<RoomRecord> {
    const room = await this.store.getRoom(id);
    if (!room) throw notFound('no such room');
    return room;
  }

  async createInvite(room: RoomRecord, role: Role, options: InviteOptions): Promise<InviteLink> {
    const invite = this.newInvite(room, role, options);
    await this.store.createInvite(invite);
    return this.inviteLink(invite);
  }

  private newInvite(room: Pick<RoomRecord, 'id' | 'mode'>, role: Role, options: InviteOptions): InviteRecord {
    const roomId = room.id;
    if (options.seat && room.mode !== 'peer') throw badRequest('only peer rooms have seats');
    const seat = inviteSeat(room.mode, role, options.seat);
    // The token names the role the seat starts as; the effective role always follows the seats.
    if (seat) role = initialRoleOf(seat);
    const now = this.now();
    const expiresAt = now + (options.ttlSeconds ?? this.options.inviteTtlSeconds) * 1000;
    return { id: newId(), roomId, role, createdAt: now, expiresAt, maxUses: options.maxUses ?? null, uses: 0, revoked: false, seat };
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
    if (room.status === 'ended' && !canJoinEndedRoom(claims.role)) throw new DuetError('gone', 'this interview is over');
    return { room, role: claims.role, inviteId: invite.id, seat: invite.seat };
  }

  async join(roomId: string, inviteToken: unknown, name: string): Promise<JoinResponse> {
    const claims = this.tokens.verifyInvite(inviteToken);
    if (claims.room !== roomId) throw new DuetError('forbidden', 'this invite belongs to another room');
    const cleaned = cleanName(name);
    // Under the room lock: a join cannot slip past an end.
    return this.mutex.run(roomId, async () => {
      const { room, role, inviteId, seat } = await this.inspectInvite(inviteToken);
      const count = (await this.store.listParticipants(room.id)).length;
      const participant = this.newParticipant(room.id, role, cleaned, seat, count);
      const event = this.newEvent(room.id, 'join', participant.id, { role, name: participant.name, seat });
      // The invite's use, the participant and the event in one step. A peer seat is one person,
      // held by the store as a constraint: otherwise the interviewing peer could mint an invite
      // for the other seat, join as a second holder of it, and read that seat's private notes.
      const joined = await this.store.joinRoom({ inviteId, participant, event });
      if (joined.status === 'seat-taken') throw new DuetError('conflict', 'this seat is already taken');
      if (joined.status !== 'joined') throw unauthorized(joined.status === 'exhausted' ? 'this invite link has been used up' : 'this invite link is not valid');
      return { token: this.sign(participant), participant: toParticipant(participant, room.flow), room: toRoomInfo(room) };
    });
  }

  /**
   * The room and the participant behind a session, with their effective role now. A participant
   * that does not exist (any more) in that room is refused.
   */
  async identify(claims: { room: string; sub: string }): Promise<Identity> {
    const [room, record] = await Promise.all([this.requireRoom(claims.room), this.store.getParticipant(claims.sub)]);
    return identityOf(room, record);
  }

  /** The same, in a room the caller has just read (the document endpoint, which must read it first). */
  async identifyIn(room: RoomRecord, sub: string): Promise<Identity> {
    return identityOf(room, await this.store.getParticipant(sub));
  }

  async details(roomId: string, you: { sub: string }): Promise<RoomDetails> {
    const { room, participant } = await this.identify({ room: roomId, sub: you.sub });
    return {
      room: toRoomInfo(room),
      timer: room.timer,
      serverNow: this.now(),
      participants: await this.participants(roomId, room),
      you: participant,
    };
  }

  async participants(roomId: string, room?: RoomRecord): Promise<PresentParticipant[]> {
    const online = this.presence.online(roomId);
    const [all, current] = await Promise.all([this.store.listParticipants(roomId), room ?? this.requireRoom(roomId)]);
    return all.map((p) => ({ ...toParticipant(p, current.flow), online: online.has(p.id) }));
  }

  /**
   * Reads, changes and stores a room under its lock, then tells everyone: the one path for flow
   * changes (agenda, settings, reveal, swap, sharing), so two of them never interleave and lose a
   * write. `change` returns the changes and a result, or throws a DuetError; it runs again on the
   * room as it is now when another process changed it meanwhile, so what it does besides
   * returning the changes must be safe to repeat.
   */
  mutate<T>(roomId: string, change: (room: RoomRecord, now: number) => Promise<RoomChange<T>>): Promise<{ room: RoomRecord; result: T }> {
    return this.mutex.run(roomId, async () => {
      let step!: RoomChange<T>;
      const { before, room } = await this.write(roomId, async (current) => {
        step = await change(current, this.now());
        return step.changes;
      });
      const { result, event, after } = step;
      await this.event(roomId, ...event);
      this.announce(before, room);
      after?.(room);
      return { room, result };
    });
  }

  /**
   * Runs `work` with the room as stored, under its lock: what `work` sends cannot interleave
   * with a swap, so "is this socket the interviewer?" stays true while it sends.
   */
  locked<T>(roomId: string, work: (room: RoomRecord) => T | Promise<T>): Promise<T> {
    return this.mutex.run(roomId, async () => work(await this.requireRoom(roomId)));
  }

  /** Emits what changed between two versions of a room. */
  private announce(before: RoomRecord, room: RoomRecord): void {
    const serverNow = this.now();
    if (before.timer !== room.timer || before.agenda !== room.agenda) this.emit('timer', room.id, { timer: room.timer, agenda: room.agenda, serverNow });
    this.emit('room', toRoomInfo(room));
    const rolesChanged = before.flow.peer?.interviewerSeat !== room.flow.peer?.interviewerSeat;
    const accessChanged =
      rolesChanged ||
      before.flow.observersSeeNotes !== room.flow.observersSeeNotes ||
      before.flow.peer?.sharedFeedback.join() !== room.flow.peer?.sharedFeedback.join();
    if (accessChanged) this.emit('access', room.id);
    if (rolesChanged) {
      this.emit('roles', room);
      this.emit('presence', room.id);
    }
  }

  /** `check` runs under the room's lock with the room as stored (e.g. "still the interviewer?"). */
  timerCommand(roomId: string, command: TimerCommand, by: string, check?: (room: RoomRecord) => void): Promise<TimerUpdate> {
    return this.mutex.run(roomId, async () => {
      const { before: room, room: stored } = await this.write(roomId, async (room) => {
        if (room.status === 'ended') throw new DuetError('gone', 'the interview has ended');
        check?.(room);
        const now = this.now();
        const result = applyTimerCommand(room.timer, room.agenda, command, now);
        if (!result.ok) throw new DuetError('conflict', result.reason);
        // Peer rooms swap seats when the clock reaches a swap phase.
        const seat = room.flow.peer && command === 'next' ? seatAfterSwapPhase(room.agenda, result.state.phaseIndex) : null;
        const flow = room.flow.peer && seat ? { ...room.flow, peer: swapped(room.flow.peer, seat, now) } : room.flow;
        return flow === room.flow ? { timer: result.state } : { timer: result.state, flow };
      });
      const swappedSeats = stored.flow !== room.flow;
      await this.event(roomId, 'timer', by, { command, phaseIndex: stored.timer.phaseIndex });
      if (swappedSeats) await this.event(roomId, 'swap', by, { interviewerSeat: stored.flow.peer?.interviewerSeat, auto: true });
      const update: TimerUpdate = { timer: stored.timer, agenda: stored.agenda, serverNow: this.now() };
      this.emit('timer', roomId, update);
      if (swappedSeats) this.announce(room, stored);
      return update;
    });
  }

  /** Ends the interview: documents turn read-only for everyone and the clock stops for good. */
  end(roomId: string, by: string | null): Promise<RoomInfo> {
    return this.mutex.run(roomId, async () => {
      const { before, room: ended } = await this.write(roomId, async (room) => {
        if (room.status === 'ended') return null;
        const now = this.now();
        const stopped = applyTimerCommand(room.timer, room.agenda, 'stop', now);
        return { status: 'ended', endedAt: now, timer: stopped.ok ? stopped.state : room.timer };
      });
      if (before === ended) return toRoomInfo(ended);
      await this.event(roomId, 'end', by, null);
      const info = toRoomInfo(ended);
      this.idle.ended(roomId);
      this.emit('ended', roomId);
      this.emit('room', info);
      this.emit('timer', roomId, { timer: ended.timer, agenda: ended.agenda, serverNow: this.now() });
      return info;
    });
  }

  /** Called by the control plane when a participant's socket connects or disconnects. */
  async markOnline(roomId: string, participantId: string, online: boolean): Promise<void> {
    const changed = online ? this.presence.add(roomId, participantId) : this.presence.remove(roomId, participantId);
    if (!changed) return;
    await this.event(roomId, online ? 'join' : 'leave', participantId, { presence: true });
    this.emit('presence', roomId);
  }

  /**
   * Reads the room, works out the changes with `plan` (null: nothing to change), and stores them
   * only if the room is still the version read: under the room lock that always holds within this
   * process, and the store's compare-and-set covers writers in other processes. Returns the room
   * before and after (the same object when nothing changed).
   */
  private async write(roomId: string, plan: (room: RoomRecord) => Promise<RoomChanges | null>): Promise<{ before: RoomRecord; room: RoomRecord }> {
    for (let attempt = 0; attempt < ROOM_WRITE_ATTEMPTS; attempt++) {
      const before = await this.requireRoom(roomId);
      const changes = await plan(before);
      if (!changes) return { before, room: before };
      const stored = await this.store.updateRoom(roomId, before.version, changes);
      // What was stored is `before` with the changes (the version compared equal), built here so
      // that unchanged parts keep their identity: `announce` tells what changed by comparing them.
      if (stored.status === 'updated') return { before, room: { ...before, ...changes, version: stored.room.version } };
      if (stored.status === 'missing') throw notFound('no such room');
    }
    throw new DuetError('conflict', 'the room is changing too fast; try again');
  }

  private newParticipant(roomId: string, role: Role, name: string, seat: Seat | null, index: number): ParticipantRecord {
    return { id: newId(), roomId, name, role, color: colorFor(index), createdAt: this.now(), seat };
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
