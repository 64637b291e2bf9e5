/**
 * The call's control plane: who is in each room's call (broadcast to the whole room), the relay of
 * offers, answers and ICE candidates between two members of the same call, and ICE servers with
 * short-lived TURN credentials for members. The media itself goes browser to browser (or through
 * TURN); nothing but a member's own signal to another member of the same call is ever relayed.
 */
import type { Logger } from 'pino';
import { CALL_MAX_MEMBERS, CALL_MAX_SENDERS, type CallState, type IceConfig } from '../../shared/call.js';
import { allowed } from '../../shared/policy.js';
import type { ClientToServerEvents, RoomInfo, ServerToClientEvents } from '../../shared/protocol.js';
import { DuetError, forbidden, notFound } from '../errors.js';
import { policyRoom, type Identity, type RoomService } from '../rooms/index.js';
import { parseWith } from '../validate.js';
import { admitToCall } from './admission.js';
import type { CallConfig } from './config.js';
import { CallRegistry, type Member } from './registry.js';
import { CallJoinSchema, CallMediaSchema, SignalSchema } from './schemas.js';
import { sdpSendsMedia } from './sdp.js';
import { iceConfigFor } from './turn.js';

/** What the call needs of a connected socket. */
export interface CallSocket {
  id: string;
  data: { claims: { room: string; sub: string } };
  rooms: Set<string>;
  connected: boolean;
  on(event: 'disconnect', listener: () => void): unknown;
}

/** What the call needs of the socket.io server. */
export interface CallIo {
  to(room: string): { emit<E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>): unknown };
  sockets: { sockets: Map<string, CallSocket> };
}

/** The control plane's acknowledged-command wrapper: `run` gets the sender's identity, read just now. */
export type RegisterCommand = <T extends object>(event: keyof ClientToServerEvents & `call:${string}`, run: (who: Identity, payload: unknown) => Promise<T>) => void;

export interface CallServiceOptions {
  io: CallIo;
  rooms: RoomService;
  log: Logger;
  config: CallConfig;
  /** The socket.io room every socket of a Duet room is in. */
  channel: (roomId: string) => string;
  now?: () => number;
}

export class CallService {
  readonly registry = new CallRegistry();
  private readonly now: () => number;

  constructor(private readonly options: CallServiceOptions) {
    this.now = options.now ?? Date.now;
    const { rooms } = options;
    rooms.on('ended', (roomId) => {
      if (this.registry.clear(roomId)) this.broadcast(roomId);
    });
    rooms.on('room', (room) => this.onRoomChanged(room));
  }

  /** Adds the call commands to a socket of the room its session names. */
  register(socket: CallSocket, command: RegisterCommand): void {
    const roomId = socket.data.claims.room;
    const participantId = socket.data.claims.sub;
    const admitted = (who: Identity): void => admitToCall(who, roomId);
    /** The member this socket holds, after the admission check. */
    const self = (who: Identity): Member => {
      admitted(who);
      const member = this.registry.memberOn(roomId, participantId, socket.id);
      if (!member) throw new DuetError('conflict', 'join the call first');
      return member;
    };

    command('call:state', async (who) => {
      admitted(who);
      return { state: this.registry.state(roomId) };
    });

    command('call:join', async (who, payload) => {
      const { send } = parseWith(CallJoinSchema, payload, 'payload');
      admitted(who);
      const existing = this.registry.member(roomId, participantId);
      if (existing && existing.socketId !== socket.id && this.liveIn(existing.socketId, roomId)) {
        throw new DuetError('conflict', 'you are already in this call in another tab');
      }
      const others = this.registry.members(roomId).filter((m) => m.id !== participantId);
      if (others.length >= CALL_MAX_MEMBERS) throw new DuetError('conflict', `the call is full (${CALL_MAX_MEMBERS} people)`);
      const mayUpload = allowed(policyRoom(who.room), who, { type: 'call:send-media' });
      const sends = send && mayUpload && others.filter((m) => m.sends).length < CALL_MAX_SENDERS;
      if (!socket.connected) throw new DuetError('gone', 'disconnected');
      this.registry.add(roomId, { id: participantId, sends, mic: false, camera: false, screen: false, socketId: socket.id, subject: { role: who.role, seat: who.seat } });
      this.broadcast(roomId);
      return { state: this.registry.state(roomId), sends, ...this.ice(participantId) };
    });

    command('call:leave', async () => {
      if (this.registry.remove(roomId, participantId, socket.id)) this.broadcast(roomId);
      return { state: this.registry.state(roomId) };
    });

    command('call:media', async (who, payload) => {
      const flags = parseWith(CallMediaSchema, payload, 'payload');
      const member = self(who);
      if (!member.sends && (flags.mic || flags.camera || flags.screen)) throw forbidden('you receive this call only');
      this.registry.setMedia(member, flags);
      this.broadcast(roomId);
      return { state: this.registry.state(roomId) };
    });

    command('call:ice', async (who): Promise<IceConfig> => {
      self(who);
      return this.ice(participantId);
    });

    command('call:signal', async (who, payload) => {
      const request = parseWith(SignalSchema, payload, 'payload');
      const sender = self(who);
      if (request.to === participantId) throw new DuetError('bad_request', 'a signal goes to another member');
      const target = this.registry.member(roomId, request.to);
      if (!target) throw notFound('no such member in this call');
      if (!this.liveIn(target.socketId, roomId)) {
        if (this.registry.remove(roomId, target.id, target.socketId)) this.broadcast(roomId);
        throw notFound('that member has left the call');
      }
      if ('description' in request && !sender.sends && sdpSendsMedia(request.description.sdp)) {
        throw forbidden('you receive this call only: audio and video must be recvonly');
      }
      const message = 'description' in request ? { from: participantId, description: request.description } : { from: participantId, candidate: request.candidate };
      this.options.io.to(target.socketId).emit('call:signal', message);
      return {};
    });

    socket.on('disconnect', () => {
      if (this.registry.remove(roomId, participantId, socket.id)) this.broadcast(roomId);
    });
  }

  state(roomId: string): CallState {
    return this.registry.state(roomId);
  }

  private ice(participantId: string): IceConfig {
    return iceConfigFor(this.options.config, participantId, this.now());
  }

  /** A socket that is connected and in the room's channel (so it is that room's, and live). */
  private liveIn(socketId: string, roomId: string): boolean {
    const socket = this.options.io.sockets.sockets.get(socketId);
    return socket !== undefined && socket.connected && socket.rooms.has(this.options.channel(roomId));
  }

  private broadcast(roomId: string): void {
    this.options.io.to(this.options.channel(roomId)).emit('call:state', this.registry.state(roomId));
  }

  /** An interviewer took back the observers' right to send: they stay in the call, receiving. */
  private onRoomChanged(room: RoomInfo): void {
    let changed = false;
    for (const member of this.registry.members(room.id)) {
      if (member.sends && !allowed(room, member.subject, { type: 'call:send-media' })) changed = this.registry.demote(member) || changed;
    }
    if (changed) this.broadcast(room.id);
  }
}
