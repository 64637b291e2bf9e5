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
import { initialFlow, type ParticipantRecord, type RoomEventKind, type RoomFlow, type RoomRecord, type Store } from '../store/index.js';
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
    const room: RoomRecord = {
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
    await this.store.createRoom(room);
    const hostSeat = mode === 'peer' ? 'a' : null;
    const host = await this.addParticipant(room.id, 'interviewer', cleanName(input.hostName ?? (hostSeat ? 'Peer A' : 'Interviewer')), hostSeat);
    await this.event(room.id, 'create', host.id, { title: room.title, mode: room.mode });
    const invites = {} as Record<Role, InviteLink>;
    for (const role of ROLES) invites[role] = await this.createInvite(room, role, {});
    this.idle.created(room.id);
    return {
      room: toRoomInfo(room),
      hostToken: this.sign(host),
      participant: toParticipant(host, room.flow),
      invites,
      ...(mode === 'peer' ? { seats: { a: invites.interviewer, b: invites.candidate } } : {}),
    };
  }

  async requireRoom(id: string): Promise<RoomRecord> {
    const room = await this.store.getRoom(id);
    if (!room) throw notFound('no such room');
    return room;
  }

  async createInvite(
    room: RoomRecord,
    role: Role,
    options: { ttlSeconds?: number | undefined; maxUses?: number | undefined; seat?: Seat | undefined },
  ): Promise<InviteLink> {
    const roomId = room.id;
    if (options.seat && room.mode !== 'peer') throw badRequest('only peer rooms have seats');
    const seat = inviteSeat(room.mode, role, options.seat);
    // The token names the role the seat starts as; the effective role always follows the seats.
    if (seat) role = initialRoleOf(seat);
    const now = this.now();
    const expiresAt = now + (options.ttlSeconds ?? this.options.inviteTtlSeconds) * 1000;
    const invite = {
      id: newId(),
      roomId,
      role,
      createdAt: now,
      expiresAt,
      maxUses: options.maxUses ?? null,
      uses: 0,
      revoked: false,
      seat,
    };
    await this.store.createInvite(invite);
    const token = this.tokens.signInvite(invite);
    return { url: `${this.options.publicUrl()}/join/${token}`, token, expiresAt, maxUses: invite.maxUses };
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
    // Under the room lock: a join cannot slip past an end, and two people cannot take one seat.
    return this.mutex.run(roomId, async () => {
      const { room, role, inviteId, seat } = await this.inspectInvite(inviteToken);
      // A peer seat is one person: otherwise the interviewing peer could mint an invite for the
      // other seat, join as a second holder of it, and read that seat's private notes.
      if (seat && (await this.store.listParticipants(room.id)).some((p) => p.seat === seat)) {
        throw new DuetError('conflict', 'this seat is already taken');
      }
      const use = await this.store.useInvite(inviteId);
      if (use !== 'ok') throw unauthorized(use === 'exhausted' ? 'this invite link has been used up' : 'this invite link is not valid');
      const participant = await this.addParticipant(room.id, role, cleaned, seat);
      await this.event(room.id, 'join', participant.id, { role, name: participant.name, seat });
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
   * write. `change` returns the changes and a result, or throws a DuetError.
   */
  mutate<T>(roomId: string, change: (room: RoomRecord, now: number) => Promise<RoomChange<T>>): Promise<{ room: RoomRecord; result: T }> {
    return this.mutex.run(roomId, async () => {
      const before = await this.requireRoom(roomId);
      const now = this.now();
      const { changes, result, event, after } = await change(before, now);
      const room: RoomRecord = { ...before, ...changes };
      await this.store.updateRoom(roomId, changes);
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
      const room = await this.requireRoom(roomId);
      if (room.status === 'ended') throw new DuetError('gone', 'the interview has ended');
      check?.(room);
      const now = this.now();
      const result = applyTimerCommand(room.timer, room.agenda, command, now);
      if (!result.ok) throw new DuetError('conflict', result.reason);
      // Peer rooms swap seats when the clock reaches a swap phase.
      const seat = room.flow.peer && command === 'next' ? seatAfterSwapPhase(room.agenda, result.state.phaseIndex) : null;
      const flow = room.flow.peer && seat ? { ...room.flow, peer: swapped(room.flow.peer, seat, now) } : room.flow;
      await this.store.updateRoom(roomId, flow === room.flow ? { timer: result.state } : { timer: result.state, flow });
      await this.event(roomId, 'timer', by, { command, phaseIndex: result.state.phaseIndex });
      if (flow !== room.flow) await this.event(roomId, 'swap', by, { interviewerSeat: flow.peer?.interviewerSeat, auto: true });
      const update: TimerUpdate = { timer: result.state, agenda: room.agenda, serverNow: this.now() };
      this.emit('timer', roomId, update);
      if (flow !== room.flow) this.announce(room, { ...room, timer: result.state, flow });
      return update;
    });
  }

  /** Ends the interview: documents turn read-only for everyone and the clock stops for good. */
  end(roomId: string, by: string | null): Promise<RoomInfo> {
    return this.mutex.run(roomId, async () => {
      const room = await this.requireRoom(roomId);
      if (room.status === 'ended') return toRoomInfo(room);
      const now = this.now();
      const stopped = applyTimerCommand(room.timer, room.agenda, 'stop', now);
      const ended: RoomRecord = {
        ...room,
        status: 'ended',
        endedAt: now,
        timer: stopped.ok ? stopped.state : room.timer,
      };
      await this.store.updateRoom(roomId, { status: 'ended', endedAt: now, timer: ended.timer });
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

  private async addParticipant(roomId: string, role: Role, name: string, seat: Seat | null = null): Promise<ParticipantRecord> {
    const count = (await this.store.listParticipants(roomId)).length;
    const participant: ParticipantRecord = {
      id: newId(),
      roomId,
      name,
      role,
      color: colorFor(count),
      createdAt: this.now(),
      seat,
    };
    await this.store.createParticipant(participant);
    return participant;
  }

  private sign(p: ParticipantRecord): string {
    return this.tokens.signSession({ id: p.id, roomId: p.roomId, role: p.role, name: p.name, color: p.color });
  }

  private event(roomId: string, kind: RoomEventKind, participantId: string | null, data: Record<string, unknown> | null) {
    return this.store.addEvent({ roomId, at: this.now(), kind, participantId, data });
  }
}
