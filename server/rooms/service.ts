/**
 * Rooms, invites, participants and the interview clock: the domain of Duet, between the transports
 * (HTTP, socket.io, y-websocket) and the store. It emits what changed; the control plane broadcasts
 * it and the collab layer turns an ended room read-only.
 */
import { EventEmitter } from 'node:events';
import { DEFAULT_AGENDA, type Agenda } from '../../shared/agenda.js';
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
import { canJoinEndedRoom, ROLES, type Role } from '../../shared/roles.js';
import { cleanText, NAME_MAX_LENGTH, TITLE_MAX_LENGTH } from '../../shared/text.js';
import { applyTimerCommand, initialTimer, type TimerCommand } from '../../shared/timer.js';
import type { TokenService } from '../auth/index.js';
import { badRequest, DuetError, notFound, unauthorized } from '../errors.js';
import type { ParticipantRecord, RoomEventKind, RoomRecord, Store } from '../store/index.js';
import { colorFor, newId, newRoomId } from './ids.js';
import { KeyedMutex } from './mutex.js';
import { Presence } from './presence.js';

export interface CreateRoomInput {
  title?: string | undefined;
  mode?: RoomMode | undefined;
  agenda?: Agenda | undefined;
  hostName?: string | undefined;
}

export interface RoomServiceOptions {
  store: Store;
  tokens: TokenService;
  inviteTtlSeconds: number;
  /** Base of invite links, e.g. `https://duet.example.com`; a function because the port may be bound late. */
  publicUrl: () => string;
  now?: () => number;
}

export interface RoomServiceEvents {
  timer: [roomId: string, update: TimerUpdate];
  room: [room: RoomInfo];
  ended: [roomId: string];
  presence: [roomId: string];
}

export const toRoomInfo = (r: RoomRecord): RoomInfo => ({
  id: r.id,
  title: r.title,
  mode: r.mode,
  agenda: r.agenda,
  status: r.status,
  createdAt: r.createdAt,
  endedAt: r.endedAt,
});

export const toParticipant = (p: ParticipantRecord): Participant => ({
  id: p.id,
  name: p.name,
  role: p.role,
  color: p.color,
});

export function cleanName(input: string): string {
  const name = cleanText(input, NAME_MAX_LENGTH);
  if (name.length === 0) throw badRequest(`name must be 1–${NAME_MAX_LENGTH} characters`);
  return name;
}

export class RoomService extends EventEmitter<RoomServiceEvents> {
  readonly presence = new Presence();
  private readonly store: Store;
  private readonly tokens: TokenService;
  private readonly mutex = new KeyedMutex();
  private readonly now: () => number;

  constructor(private readonly options: RoomServiceOptions) {
    super();
    this.store = options.store;
    this.tokens = options.tokens;
    this.now = options.now ?? Date.now;
  }

  async create(input: CreateRoomInput): Promise<CreateRoomResponse> {
    const now = this.now();
    const room: RoomRecord = {
      id: newRoomId(),
      title: cleanText(input.title ?? '', TITLE_MAX_LENGTH) || 'Interview',
      mode: input.mode ?? 'interview',
      agenda: input.agenda ?? DEFAULT_AGENDA,
      status: 'open',
      createdAt: now,
      endedAt: null,
      timer: initialTimer(),
    };
    await this.store.createRoom(room);
    const host = await this.addParticipant(room.id, 'interviewer', cleanName(input.hostName ?? 'Interviewer'));
    await this.event(room.id, 'create', host.id, { title: room.title, mode: room.mode });
    const invites = {} as Record<Role, InviteLink>;
    for (const role of ROLES) invites[role] = await this.createInvite(room.id, role, {});
    return { room: toRoomInfo(room), hostToken: this.sign(host), participant: toParticipant(host), invites };
  }

  async requireRoom(id: string): Promise<RoomRecord> {
    const room = await this.store.getRoom(id);
    if (!room) throw notFound('no such room');
    return room;
  }

  async createInvite(
    roomId: string,
    role: Role,
    options: { ttlSeconds?: number | undefined; maxUses?: number | undefined },
  ): Promise<InviteLink> {
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
  async inspectInvite(token: unknown): Promise<{ room: RoomRecord; role: Role; inviteId: string }> {
    const claims = this.tokens.verifyInvite(token);
    const invite = await this.store.getInvite(claims.jti);
    if (!invite || invite.roomId !== claims.room) throw unauthorized('this invite link is not valid');
    if (invite.revoked) throw unauthorized('this invite link has been revoked');
    if (invite.maxUses !== null && invite.uses >= invite.maxUses) throw unauthorized('this invite link has been used up');
    const room = await this.requireRoom(claims.room);
    if (room.status === 'ended' && !canJoinEndedRoom(claims.role)) throw new DuetError('gone', 'this interview is over');
    return { room, role: claims.role, inviteId: invite.id };
  }

  async join(roomId: string, inviteToken: unknown, name: string): Promise<JoinResponse> {
    const claims = this.tokens.verifyInvite(inviteToken);
    if (claims.room !== roomId) throw new DuetError('forbidden', 'this invite belongs to another room');
    const { room, role, inviteId } = await this.inspectInvite(inviteToken);
    const cleaned = cleanName(name);
    const use = await this.store.useInvite(inviteId);
    if (use !== 'ok') throw unauthorized(use === 'exhausted' ? 'this invite link has been used up' : 'this invite link is not valid');
    const participant = await this.addParticipant(room.id, role, cleaned);
    await this.event(room.id, 'join', participant.id, { role, name: participant.name });
    return { token: this.sign(participant), participant: toParticipant(participant), room: toRoomInfo(room) };
  }

  async details(roomId: string, you: Participant): Promise<RoomDetails> {
    const room = await this.requireRoom(roomId);
    return {
      room: toRoomInfo(room),
      timer: room.timer,
      serverNow: this.now(),
      participants: await this.participants(roomId),
      you,
    };
  }

  async participants(roomId: string): Promise<PresentParticipant[]> {
    const online = this.presence.online(roomId);
    const all = await this.store.listParticipants(roomId);
    return all.map((p) => ({ ...toParticipant(p), online: online.has(p.id) }));
  }

  timerCommand(roomId: string, command: TimerCommand, by: string): Promise<TimerUpdate> {
    return this.mutex.run(roomId, async () => {
      const room = await this.requireRoom(roomId);
      if (room.status === 'ended') throw new DuetError('gone', 'the interview has ended');
      const now = this.now();
      const result = applyTimerCommand(room.timer, room.agenda, command, now);
      if (!result.ok) throw new DuetError('conflict', result.reason);
      await this.store.updateRoom(roomId, { timer: result.state });
      await this.event(roomId, 'timer', by, { command, phaseIndex: result.state.phaseIndex });
      const update: TimerUpdate = { timer: result.state, agenda: room.agenda, serverNow: this.now() };
      this.emit('timer', roomId, update);
      return update;
    });
  }

  /** Ends the interview: documents turn read-only for everyone and the clock stops for good. */
  end(roomId: string, by: string): Promise<RoomInfo> {
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

  private async addParticipant(roomId: string, role: Role, name: string): Promise<ParticipantRecord> {
    const count = (await this.store.listParticipants(roomId)).length;
    const participant: ParticipantRecord = {
      id: newId(),
      roomId,
      name,
      role,
      color: colorFor(count),
      createdAt: this.now(),
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
