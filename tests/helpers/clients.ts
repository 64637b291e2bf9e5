/**
 * Real clients for tests: the HTTP API, y-websocket's stock `WebsocketProvider`, raw `ws`
 * sockets speaking hand-built y-protocols frames, and socket.io-client.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type {
  ClientToServerEvents,
  CreateRoomResponse,
  JoinResponse,
  RoomStateMessage,
  ServerToClientEvents,
} from '../../shared/protocol.js';
import type { Role } from '../../shared/roles.js';
import { recordSecret, waitFor } from './server.js';

export async function api<T = unknown>(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-type'] ??= 'application/json';
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  const res = await fetch(base + path, {
    method,
    headers,
    ...(options.body !== undefined ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

export interface TestRoom extends CreateRoomResponse {
  /** Joins with the invite of a role and returns the session. */
  join(role: Role, name?: string): Promise<JoinResponse>;
}

export async function createRoom(base: string, body: Record<string, unknown> = {}): Promise<TestRoom> {
  const res = await api<CreateRoomResponse>(base, 'POST', '/api/rooms', { body });
  if (res.status !== 201) throw new Error(`create room failed: ${res.status} ${JSON.stringify(res.body)}`);
  const created = res.body;
  recordSecret(created.hostToken, ...Object.values(created.invites).map((i) => i.token));
  return {
    ...created,
    async join(role, name = role) {
      const joined = await api<JoinResponse>(base, 'POST', `/api/rooms/${created.room.id}/join`, {
        body: { invite: created.invites[role].token, name },
      });
      if (joined.status !== 200) throw new Error(`join failed: ${joined.status} ${JSON.stringify(joined.body)}`);
      recordSecret(joined.body.token);
      return joined.body;
    },
  };
}

// ---- y-websocket provider (the stock client, unchanged) ----

export interface ProviderClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  destroy(): void;
}

export async function connectProvider(wsBase: string, roomId: string, docName: string, token: string): Promise<ProviderClient> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${wsBase}/yjs`, `${roomId}/${docName}`, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  await waitFor(() => provider.synced, 8000, 'provider sync');
  return {
    doc,
    provider,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

// ---- raw y-protocols frames ----

export function syncStep1Frame(doc: Y.Doc = new Y.Doc()): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
  return encoding.toUint8Array(e);
}

export function updateFrame(update: Uint8Array, syncType = 2): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, syncType);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

export function awarenessFrame(entries: { clientId: number; clock: number; state: unknown }[]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(inner, entry.clientId);
    encoding.writeVarUint(inner, entry.clock);
    encoding.writeVarString(inner, JSON.stringify(entry.state));
  }
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  return encoding.toUint8Array(e);
}

/** A Yjs update that inserts `text` into the pad's code. */
export function textUpdate(text: string, key = 'code'): Uint8Array {
  const doc = new Y.Doc();
  doc.getText(key).insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

export type Decoded =
  | { kind: 'sync-step1' | 'sync-step2' | 'sync-update'; payload: Uint8Array }
  | { kind: 'awareness'; states: { clientId: number; clock: number; state: unknown }[] }
  | { kind: 'other'; type: number };

export function decodeFrame(frame: Uint8Array): Decoded {
  const d = decoding.createDecoder(frame);
  const type = decoding.readVarUint(d);
  if (type === 0) {
    const sub = decoding.readVarUint(d);
    const kind = (['sync-step1', 'sync-step2', 'sync-update'] as const)[sub]!;
    return { kind, payload: decoding.readVarUint8Array(d) };
  }
  if (type === 1) {
    const inner = decoding.createDecoder(decoding.readVarUint8Array(d));
    const n = decoding.readVarUint(inner);
    const states = [];
    for (let i = 0; i < n; i++) {
      states.push({
        clientId: decoding.readVarUint(inner),
        clock: decoding.readVarUint(inner),
        state: JSON.parse(decoding.readVarString(inner)) as unknown,
      });
    }
    return { kind: 'awareness', states };
  }
  return { kind: 'other', type };
}

export interface RawClient {
  ws: WebSocket;
  frames: Uint8Array[];
  /** Every byte received, for "not one byte of notes" checks. */
  bytesReceived(): number;
  closed: Promise<{ code: number; reason: string }>;
  send(frame: Uint8Array): void;
  /** Applies every sync payload received so far to a fresh doc. */
  doc(): Y.Doc;
  close(): void;
}

export interface RawOptions {
  token?: string;
  /** Send the token as `Sec-WebSocket-Protocol: duet.v1, <token>` instead of `?token=`. */
  viaProtocol?: boolean;
  headers?: Record<string, string>;
  /** false: never answer the server's pings, like a client whose network silently went away. */
  autoPong?: boolean;
}

/**
 * Opens a raw socket. Resolves with the client once open, or rejects with the HTTP status of a
 * refused upgrade (`error.status`).
 */
export function rawConnect(wsBase: string, path: string, options: RawOptions = {}): Promise<RawClient> {
  const query = options.token && !options.viaProtocol ? `?token=${encodeURIComponent(options.token)}` : '';
  const protocols = options.token && options.viaProtocol ? ['duet.v1', options.token] : undefined;
  const ws = new WebSocket(wsBase + path + query, protocols, { headers: options.headers ?? {}, autoPong: options.autoPong ?? true });
  const frames: Uint8Array[] = [];
  let bytes = 0;
  ws.on('message', (data: Buffer) => {
    bytes += data.length;
    frames.push(new Uint8Array(data));
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return new Promise((resolve, reject) => {
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => reject(Object.assign(new Error(`upgrade refused: ${res.statusCode} ${body}`), { status: res.statusCode, body })));
    });
    ws.on('error', reject);
    ws.on('open', () =>
      resolve({
        ws,
        frames,
        bytesReceived: () => bytes,
        closed,
        send: (frame) => ws.send(frame),
        doc() {
          const doc = new Y.Doc();
          for (const frame of frames) {
            const decoded = decodeFrame(frame);
            if (decoded.kind === 'sync-step2' || decoded.kind === 'sync-update') Y.applyUpdate(doc, decoded.payload);
          }
          return doc;
        },
        close: () => ws.close(),
      }),
    );
  });
}

/** The HTTP status a refused upgrade got, or 101 if it was accepted. */
export async function upgradeStatus(wsBase: string, path: string, options: RawOptions = {}): Promise<number> {
  try {
    const client = await rawConnect(wsBase, path, options);
    client.close();
    return 101;
  } catch (err) {
    return (err as { status?: number }).status ?? -1;
  }
}

// ---- socket.io ----

export type ControlSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export async function connectControl(base: string, token: unknown): Promise<{ socket: ControlSocket; state: RoomStateMessage }> {
  const socket: ControlSocket = io(base, { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
  const state = await new Promise<RoomStateMessage>((resolve, reject) => {
    socket.once('room:state', resolve);
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
  return { socket, state };
}
