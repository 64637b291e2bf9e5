/** What the people tests share: sockets as a person sees them, and the refusal on each transport. */
import { io } from 'socket.io-client';
import type { RoomInfo } from '../../shared/protocol.js';
import { api, connectControl, upgradeStatus, type ControlSocket } from '../helpers/clients.js';
import type { TestServer } from '../helpers/server.js';

/** A socket.io client that has connected and been told it waits (no `room:state`). */
export async function connectWaiting(base: string, token: string): Promise<{ socket: ControlSocket; events: string[] }> {
  const socket: ControlSocket = io(base, { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
  const events: string[] = [];
  socket.onAny((event: string) => events.push(event));
  await new Promise<void>((resolve, reject) => {
    socket.once('people:waiting', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, events };
}

/** The socket.io handshake's answer: 'connected', or the refusal's message. */
export function socketAnswer(base: string, token: string): Promise<string> {
  const socket: ControlSocket = io(base, { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.close();
      resolve('connected');
    });
    socket.once('connect_error', (err) => {
      socket.close();
      resolve(err.message);
    });
  });
}

/** How each transport answers a session token: HTTP status, document upgrade status, socket.io answer. */
export async function transportsAnswer(server: TestServer, roomId: string, token: string): Promise<{ http: number; doc: number; socket: string }> {
  const [http, doc, socket] = await Promise.all([
    api(server.url, 'GET', `/api/rooms/${roomId}`, { token }).then((r) => r.status),
    upgradeStatus(server.wsUrl, `/yjs/${roomId}/pad`, { token }),
    socketAnswer(server.url, token),
  ]);
  return { http, doc, socket };
}

/** An interviewer's room settings change, through their control socket. */
export async function setWaitingRoom(base: string, hostToken: string, on: boolean): Promise<RoomInfo> {
  const { socket } = await connectControl(base, hostToken);
  const result = await socket.emitWithAck('room:settings', { waitingRoom: on });
  socket.close();
  if (!result.ok) throw new Error(result.error.message);
  return result.room;
}

/** Resolves with the first `event` a socket receives, or rejects after `ms`. */
export function nextEvent<T>(socket: ControlSocket, event: string, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    (socket as unknown as { once(e: string, f: (v: T) => void): void }).once(event, (value: T) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

export const participantPath = (roomId: string, participantId: string, action = '') => `/api/rooms/${roomId}/participants/${participantId}${action}`;
