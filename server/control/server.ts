/**
 * The control plane: socket.io on the shared HTTP server. A socket authenticates with its session
 * token in the handshake, joins its room (always the token's room, never one named in a payload),
 * gets `room:state`, and sends acknowledged commands that the room service checks and applies.
 */
import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { Server, type Socket } from 'socket.io';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol.js';
import { TIMER_EVENTS } from '../../shared/protocol.js';
import { canRunInterview } from '../../shared/roles.js';
import type { TimerCommand } from '../../shared/timer.js';
import type { SessionClaims, TokenService } from '../auth/index.js';
import { forbidden, toDuetError } from '../errors.js';
import type { RoomService } from '../rooms/index.js';

interface SocketData {
  claims: SessionClaims;
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
}

const channel = (roomId: string) => `room:${roomId}`;

export function createControlServer(http: HttpServer, options: ControlOptions): ControlServer {
  const { rooms, tokens, log } = options;
  const io: ControlServer = new Server(http, {
    // Our /yjs upgrades may take longer than engine.io's 1 s before they answer; leave them alone.
    destroyUpgrade: false,
    serveClient: false,
    // WebSocket only: long-polling would buffer per-session HTTP bodies and bypass upgrade checks.
    transports: ['websocket'],
    maxHttpBufferSize: options.maxPacketBytes,
    allowRequest: (req, callback) => {
      const ok = options.allowOrigin(req.headers.origin, req.headers.host);
      callback(ok ? null : 'origin not allowed', ok);
    },
  });

  io.use((socket, next) => {
    const auth: unknown = socket.handshake.auth;
    const token = auth && typeof auth === 'object' ? (auth as Record<string, unknown>)['token'] : undefined;
    try {
      socket.data.claims = tokens.verifySession(token);
      next();
    } catch (err) {
      const error = toDuetError(err);
      next(Object.assign(new Error(`${error.code}: ${error.message}`), { data: error.toBody() }));
    }
  });

  io.on('connection', (socket: DuetSocket) => void onConnection(socket));

  async function onConnection(socket: DuetSocket): Promise<void> {
    const claims = socket.data.claims;
    const roomId = claims.room;
    const you = { id: claims.sub, name: claims.name, role: claims.role, color: claims.color };
    registerCommands(socket);
    try {
      await socket.join(channel(roomId));
      await rooms.markOnline(roomId, claims.sub, true);
      socket.emit('room:state', await rooms.details(roomId, you));
    } catch (err) {
      log.warn({ err: toDuetError(err).message }, 'control connection refused');
      socket.disconnect(true);
      return;
    }
    socket.on('disconnect', () => {
      rooms.markOnline(roomId, claims.sub, false).catch((err: unknown) => log.error({ err }, 'presence update failed'));
    });
  }

  /**
   * Wraps a command: the ack is whatever function came last (or none), every failure becomes
   * `{ok:false,error}`, and nothing a payload holds can throw past this point.
   */
  function command<T extends object>(socket: DuetSocket, event: string, run: (claims: SessionClaims) => Promise<T>) {
    (socket as unknown as Socket).on(event, (...args: unknown[]) => {
      const last = args.at(-1);
      const ack = typeof last === 'function' ? (last as (result: Ack<T>) => void) : () => undefined;
      run(socket.data.claims).then(
        (result) => ack({ ok: true, ...result }),
        (err: unknown) => {
          const error = toDuetError(err);
          if (error.code === 'internal') log.error({ err, event }, 'command failed');
          ack({ ok: false, error: error.toBody() });
        },
      );
    });
  }

  function requireInterviewer(claims: SessionClaims): void {
    if (!canRunInterview(claims.role)) throw forbidden('only interviewers can do this');
  }

  function registerCommands(socket: DuetSocket): void {
    for (const event of TIMER_EVENTS) {
      const timerCommand = event.slice('timer:'.length) as TimerCommand;
      command(socket, event, async (claims) => {
        requireInterviewer(claims);
        return rooms.timerCommand(claims.room, timerCommand, claims.sub);
      });
    }
    command(socket, 'room:end', async (claims) => {
      requireInterviewer(claims);
      return { room: await rooms.end(claims.room, claims.sub) };
    });
  }

  rooms.on('timer', (roomId, update) => io.to(channel(roomId)).emit('timer', update));
  rooms.on('room', (room) => io.to(channel(room.id)).emit('room', room));
  rooms.on('presence', (roomId) => {
    rooms.participants(roomId).then(
      (participants) => io.to(channel(roomId)).emit('presence', { participants }),
      (err: unknown) => log.error({ err }, 'presence broadcast failed'),
    );
  });

  return io;
}
