/**
 * The control plane: socket.io on the shared HTTP server. A socket authenticates with its session
 * token in the handshake, joins its room (always the token's room, never one named in a payload),
 * gets `room:state`, and sends acknowledged commands that the room service checks and applies.
 *
 * Who may do what is the access policy's answer (shared/policy.ts) for the room as it is now, not
 * the token's role: in a peer room a swap changes who the interviewer is while the tokens stay.
 */
import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { Server, type Socket } from 'socket.io';
import type { Agenda } from '../../shared/agenda.js';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol.js';
import { TIMER_EVENTS } from '../../shared/protocol.js';
import { allowed, roleIn, type Subject } from '../../shared/policy.js';
import type { ParticipantStatus } from '../../shared/people.js';
import type { Role, Seat } from '../../shared/roles.js';
import type { TimerCommand } from '../../shared/timer.js';
import type { SessionClaims, TokenService } from '../auth/index.js';
import { CallService, type CallConfig } from '../call/index.js';
import { toDuetError } from '../errors.js';
import { authorize, policyRoom, type Identity, type RoomService } from '../rooms/index.js';
import { RunService } from '../run/index.js';
import type { ParticipantRecord, RoomRecord, Store } from '../store/index.js';
import type { PersonChange } from '../rooms/people.js';
import { FollowMeSchema, IntegrityReportSchema, parsePayload, RevealSchema, RoomSettingsSchema, SetAgendaSchema, ShareFeedbackSchema } from './schemas.js';

/** Where socket.io listens (its default); the server's upgrade router leaves this path to it. */
export const SOCKET_IO_PATH = '/socket.io/';

interface SocketData {
  claims: SessionClaims;
  /**
   * The participant's seat (peer rooms), read once: seats never change, so together with the
   * token's role and the room as stored it gives the role at any moment (`subjectOf`). Undefined
   * until the participant has been looked up.
   */
  seat?: Seat | null;
  /**
   * The role and status as stored, read on connect and kept up to date by the `person` event (an
   * interviewer changing the role, admitting from the waiting room); the token's role is only
   * what the person joined as.
   */
  storedRole?: Role;
  status?: ParticipantStatus;
  /** The role last told to this socket, to notice when a swap changes it. */
  role?: Role;
}

type DuetSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type ControlServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface ControlOptions {
  rooms: RoomService;
  tokens: TokenService;
  log: Logger;
  maxPacketBytes: number;
  /** Accepts or refuses a handshake's Origin header (cross-site WebSocket hijacking). */
  allowOrigin: (origin: string | undefined, host: string | undefined) => boolean;
  /** ICE servers and TURN secret for calls. */
  call: CallConfig;
  /** Where finished code runs are recorded. */
  store: Store;
  /** Told of every finished run (metrics). */
  onRunFinished?: (status: string) => void;
}

const channel = (roomId: string) => `room:${roomId}`;

/** Who the socket is, for the access policy: null until its seat is known. */
function subjectOf(socket: DuetSocket): Subject | null {
  const { seat, storedRole, status } = socket.data;
  if (seat === undefined || storedRole === undefined) return null;
  return { role: storedRole, seat, ...(status ? { status } : {}) };
}

/** Whether the socket may receive guidance in the room as given (never by a cached role). */
function getsGuidance(socket: DuetSocket, room: RoomRecord): boolean {
  const who = subjectOf(socket);
  return who !== null && allowed(policyRoom(room), who, { type: 'question:guidance' });
}

export function createControlServer(http: HttpServer, options: ControlOptions): ControlServer {
  const { rooms, tokens, log } = options;
  const { commands } = rooms;
  const io: ControlServer = new Server(http, {
    // Our /yjs upgrades may take longer than engine.io's 1 s before they answer; leave them alone.
    destroyUpgrade: false,
    path: SOCKET_IO_PATH.slice(0, -1),
    serveClient: false,
    // WebSocket only: long-polling would buffer per-session HTTP bodies and bypass upgrade checks.
    transports: ['websocket'],
    maxHttpBufferSize: options.maxPacketBytes,
    allowRequest: (req, callback) => {
      const ok = options.allowOrigin(req.headers.origin, req.headers.host);
      callback(ok ? null : 'origin not allowed', ok);
    },
  });
  /** Connected sockets by room: interviewer-only messages go to the sockets whose role is interviewer now. */
  const roomSockets = new Map<string, Set<DuetSocket>>();
  const calls = new CallService({ io, rooms, log, config: options.call, channel });
  const runs = new RunService({ io, rooms, store: options.store, log, channel, ...(options.onRunFinished ? { onFinished: options.onRunFinished } : {}) });

  io.use((socket, next) => {
    const auth: unknown = socket.handshake.auth;
    const token = auth && typeof auth === 'object' ? (auth as Record<string, unknown>)['token'] : undefined;
    const refuse = (err: unknown) => {
      const error = toDuetError(err);
      next(Object.assign(new Error(`${error.code}: ${error.message}`), { data: error.toBody() }));
    };
    try {
      socket.data.claims = tokens.verifySession(token);
    } catch (err) {
      refuse(err);
      return;
    }
    // The person as stored: a denied or removed person's token is refused here, at the handshake.
    rooms.identify(socket.data.claims).then(() => next(), refuse);
  });

  io.on('connection', (socket: DuetSocket) => void onConnection(socket));

  async function onConnection(socket: DuetSocket): Promise<void> {
    const claims = socket.data.claims;
    const roomId = claims.room;
    registerCommands(socket);
    rooms.idle.enter(roomId);
    let left = false;
    socket.on('disconnect', () => {
      left = true;
      rooms.idle.leave(roomId);
      roomSockets.get(roomId)?.delete(socket);
      if (roomSockets.get(roomId)?.size === 0) roomSockets.delete(roomId);
      rooms.markOnline(roomId, claims.sub, false).catch((err: unknown) => log.error({ err }, 'presence update failed'));
    });
    try {
      const who = await rooms.identify(claims);
      socket.data.seat = who.seat;
      socket.data.storedRole = who.role;
      socket.data.status = who.status ?? 'admitted';
      // A waiting person's socket stays out of the room's channel: it hears nothing of the room
      // until an interviewer admits them (`onPerson`).
      if (socket.data.status === 'admitted') await socket.join(channel(roomId));
      if (left) return;
      let sockets = roomSockets.get(roomId);
      if (!sockets) roomSockets.set(roomId, (sockets = new Set()));
      sockets.add(socket);
      await rooms.markOnline(roomId, claims.sub, true);
      if (socket.data.status === 'waiting') socket.emit('people:waiting', { title: who.room.title, name: who.participant.name });
      else await sendState(socket);
    } catch (err) {
      log.warn({ err: toDuetError(err).message }, 'control connection refused');
      socket.disconnect(true);
    }
  }

  /** `room:state`, then (interviewers) the guidance of every question revealed so far. */
  async function sendState(socket: DuetSocket, who?: Identity): Promise<void> {
    const roomId = socket.data.claims.room;
    const details = await rooms.details(who ?? (await rooms.identify(socket.data.claims)));
    socket.data.role = details.you.role;
    socket.emit('room:state', details);
    if (details.you.role !== 'interviewer') return;
    const guidance = await commands.guidanceOf(await rooms.requireRoom(roomId));
    // Sent under the room's lock, checked against the room as stored: a swap cannot slip in
    // between the check and the sending. A question revealed after the list was read reaches this
    // socket through the `revealed` event instead.
    await rooms.locked(roomId, (room) => {
      if (!getsGuidance(socket, room)) return;
      const revealed = new Set(room.flow.revealed.map((r) => r.question.id));
      for (const g of guidance) if (revealed.has(g.questionId)) socket.emit('question:guidance', g);
    });
  }

  /**
   * Wraps a command: the ack is whatever function came last (or none), every failure becomes
   * `{ok:false,error}`, and nothing a payload holds can throw past this point.
   */
  function command<T extends object>(socket: DuetSocket, event: string, run: (who: Identity, payload: unknown) => Promise<T>) {
    (socket as unknown as Socket).on(event, (...args: unknown[]) => {
      const last = args.at(-1);
      const ack = typeof last === 'function' ? (last as (result: Ack<T>) => void) : () => undefined;
      const payload = typeof args[0] === 'function' ? undefined : args[0];
      rooms
        .identify(socket.data.claims)
        .then((who) => {
          // Every command needs the room at all: someone in the waiting room gets nothing (runs, the call's state…).
          authorize(who.room, who, { type: 'room:read' });
          return run(who, payload);
        })
        .then(
          (result) => ack({ ok: true, ...result }),
          (err: unknown) => {
            const error = toDuetError(err);
            if (error.code === 'internal') log.error({ err, event }, 'command failed');
            ack({ ok: false, error: error.toBody() });
          },
        );
    });
  }

  function registerCommands(socket: DuetSocket): void {
    for (const event of TIMER_EVENTS) {
      const timerCommand = event.slice('timer:'.length) as TimerCommand;
      command(socket, event, (who) => commands.timer(who, timerCommand));
    }
    command(socket, 'room:end', (who) => commands.end(who));
    command(socket, 'agenda:set', async (who, payload) => {
      const request = parsePayload(SetAgendaSchema, payload);
      const agenda: Agenda = request.agenda.map(({ id, ...phase }) => (id === undefined ? phase : { ...phase, id }));
      return commands.setAgenda(who, agenda, request.guaranteeCoding);
    });
    command(socket, 'room:settings', async (who, payload) => {
      const request = parsePayload(RoomSettingsSchema, payload);
      return commands.settings(who, {
        ...(request.guaranteeCoding !== undefined ? { guaranteeCoding: request.guaranteeCoding } : {}),
        ...(request.observersSeeNotes !== undefined ? { observersSeeNotes: request.observersSeeNotes } : {}),
        ...(request.extraTime !== undefined ? { extraTime: request.extraTime } : {}),
        ...(request.observersSendMedia !== undefined ? { observersSendMedia: request.observersSendMedia } : {}),
        ...(request.candidatesRun !== undefined ? { candidatesRun: request.candidatesRun } : {}),
        ...(request.runTimeLimitSec !== undefined ? { runTimeLimitSec: request.runTimeLimitSec } : {}),
        ...(request.waitingRoom !== undefined ? { waitingRoom: request.waitingRoom } : {}),
      });
    });
    command(socket, 'question:reveal', async (who, payload) => {
      const request = parsePayload(RevealSchema, payload);
      return commands.reveal(who, request.questionId, request.insertStarter ?? false);
    });
    command(socket, 'room:swap', (who) => commands.swap(who));
    command(socket, 'feedback:share', async (who, payload) => commands.shareFeedback(who, parsePayload(ShareFeedbackSchema, payload).shared));
    command(socket, 'integrity:report', async (who, payload) => rooms.integrity.report(who, parsePayload(IntegrityReportSchema, payload)));
    command(socket, 'integrity:mine', (who) => rooms.integrity.mine(who));
    command(socket, 'people:follow-me', async (who, payload) => {
      const { on } = parsePayload(FollowMeSchema, payload);
      await rooms.people.followMe(who, on);
      io.to(channel(who.room.id)).emit('people:follow', { participantId: on ? who.participant.id : null });
      return {};
    });
    calls.register(socket, (event, run) => command(socket, event, run));
    runs.register(socket, (event, run) => command(socket, event, run));
  }

  /** Peer swap: every socket of the room learns its new role; a new interviewer gets the guidance. */
  function onRolesChanged(room: RoomRecord): void {
    for (const socket of roomSockets.get(room.id) ?? []) {
      const who = subjectOf(socket);
      const role = who && roleIn(policyRoom(room), who);
      if (!role || role === socket.data.role) continue;
      socket.data.role = role;
      rooms
        .identify(socket.data.claims)
        .then(async (identity) => {
          socket.emit('you', identity.participant);
          await sendState(socket, identity);
        })
        .catch((err: unknown) => log.warn({ err: toDuetError(err).message }, 'role update failed'));
    }
  }

  /**
   * An interviewer acted on a person: their sockets are let in (joined to the room, sent the
   * state), told their new role, or told why and disconnected — at once, not at their next command.
   */
  function onPerson(room: RoomRecord, person: ParticipantRecord, change: PersonChange): void {
    for (const socket of roomSockets.get(room.id) ?? []) {
      if (socket.data.claims.sub !== person.id) continue;
      socket.data.status = person.status;
      socket.data.storedRole = person.role;
      if (change === 'denied' || change === 'removed') {
        const reason = change === 'denied' ? 'An interviewer did not let you in.' : 'An interviewer removed you from this room.';
        socket.emit('people:shut-out', { status: change, reason });
        socket.disconnect(true);
        continue;
      }
      const admit = change === 'admitted' ? socket.join(channel(room.id)) : undefined;
      Promise.resolve(admit)
        .then(() => rooms.identify(socket.data.claims))
        .then(async (identity) => {
          socket.emit('you', identity.participant);
          await sendState(socket, identity);
        })
        .catch((err: unknown) => log.warn({ err: toDuetError(err).message }, 'person update failed'));
    }
  }

  rooms.on('person', onPerson);
  // Room events reach every process (several processes: server/scale/roomFeed.ts), and each
  // sends them to its own sockets only: `io.local`. With one process that is every socket.
  rooms.on('timer', (roomId, update) => io.local.to(channel(roomId)).emit('timer', update));
  rooms.on('room', (room) => io.local.to(channel(room.id)).emit('room', room));
  rooms.on('roles', onRolesChanged);
  rooms.on('presence', (roomId) => {
    rooms.participants(roomId).then(
      (participants) => io.local.to(channel(roomId)).emit('presence', { participants }),
      (err: unknown) => log.error({ err }, 'presence broadcast failed'),
    );
  });
  // Emitted under the room's lock with the room as stored, so the policy sees the role right now.
  rooms.on('revealed', (room, revealed, guidance) => {
    io.local.to(channel(room.id)).emit('question:revealed', revealed);
    for (const socket of roomSockets.get(room.id) ?? []) {
      if (getsGuidance(socket, room)) socket.emit('question:guidance', { questionId: revealed.question.id, guidance });
    }
  });

  return io;
}
