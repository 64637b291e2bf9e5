/**
 * The document endpoint, `/yjs/<roomId>/<doc>`, on the shared HTTP server. Every refusal is the
 * HTTP answer to the upgrade — 401 (no or bad token), 404 (unknown room or document), 403 (another
 * room's token, or a role that may not open this document) — so not one byte of a document is
 * sent before the checks pass.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { CloseCode, YJS_SUBPROTOCOL } from '../../shared/closeCodes.js';
import { canOpenDoc, isDocName } from '../../shared/roles.js';
import type { TokenService } from '../auth/index.js';
import { DuetError, forbidden, notFound, toDuetError } from '../errors.js';
import type { RoomService } from '../rooms/index.js';
import { DocConnection, type ConnectionCounters, type ConnectionLimits } from './connection.js';
import type { DocRegistry } from './registry.js';

export const YJS_PATH_PREFIX = '/yjs/';

export interface CollabOptions {
  rooms: RoomService;
  tokens: TokenService;
  registry: DocRegistry;
  log: Logger;
  maxFrameBytes: number;
  limits: ConnectionLimits;
  allowOrigin: (origin: string | undefined, host: string | undefined) => boolean;
}

/** The token from `?token=` (the stock y-websocket client) or beside our subprotocol (our client). */
function tokenOf(req: IncomingMessage, url: URL): string | undefined {
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) return fromQuery;
  const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  if (!offered.includes(YJS_SUBPROTOCOL)) return undefined;
  return offered.find((p) => p !== YJS_SUBPROTOCOL && p.length > 0);
}

function refuse(socket: Duplex, error: DuetError): void {
  const body = JSON.stringify({ error: error.toBody() });
  socket.end(
    `HTTP/1.1 ${error.status} ${error.code}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

export class CollabServer {
  readonly counters: ConnectionCounters = { droppedReadOnlyWrites: 0 };
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<DocConnection>();

  constructor(private readonly options: CollabOptions) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxFrameBytes,
      // Echo our fixed subprotocol; the token offered beside it is never echoed back.
      handleProtocols: (protocols) => (protocols.has(YJS_SUBPROTOCOL) ? YJS_SUBPROTOCOL : false),
    });
    options.rooms.on('ended', (roomId) => void this.markEnded(roomId));
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Returns false for paths that are not ours, so socket.io can take them. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(YJS_PATH_PREFIX)) return false;
    socket.on('error', () => socket.destroy());
    this.authorize(req, url)
      .then((identity) => {
        this.wss.handleUpgrade(req, socket, head, (ws) => this.open(ws, identity));
      })
      .catch((err: unknown) => refuse(socket, toDuetError(err)));
    return true;
  }

  private async authorize(req: IncomingMessage, url: URL) {
    if (!this.options.allowOrigin(req.headers.origin, req.headers.host)) throw forbidden('origin not allowed');
    const claims = this.options.tokens.verifySession(tokenOf(req, url));
    const [roomId, docName, ...rest] = url.pathname.slice(YJS_PATH_PREFIX.length).split('/');
    if (!roomId || !isDocName(docName) || rest.length > 0) throw notFound('no such document');
    const room = await this.options.rooms.requireRoom(roomId);
    if (claims.room !== room.id) throw forbidden('this token belongs to another room');
    if (!canOpenDoc(claims.role, docName)) throw forbidden(`a ${claims.role} may not open ${docName}`);
    return {
      participantId: claims.sub,
      name: claims.name,
      role: claims.role,
      color: claims.color,
      roomId: room.id,
      docName,
    };
  }

  private open(ws: import('ws').WebSocket, identity: Awaited<ReturnType<CollabServer['authorize']>>): void {
    const { registry, log, limits } = this.options;
    const connLog = log.child({ room: identity.roomId, doc: identity.docName, participant: identity.participantId });
    const docPromise = registry.acquire(identity.roomId, identity.docName);
    const conn = new DocConnection(ws, identity, limits, connLog, this.counters, (closed) => {
      this.connections.delete(closed);
      registry.release(identity.roomId, identity.docName);
    });
    this.connections.add(conn);
    docPromise.then(
      (doc) => conn.attach(doc),
      () => conn.close(CloseCode.storeFailure, 'the document could not be loaded'),
    );
  }

  private async markEnded(roomId: string): Promise<void> {
    for (const pending of this.options.registry.docsOfRoom(roomId)) {
      try {
        (await pending).roomEnded = true;
      } catch {
        // A document that failed to load has nothing to protect.
      }
    }
  }

  /** Closes every document connection (shutdown: 1001, "going away"). */
  closeAll(code: number, reason: string): void {
    for (const conn of this.connections) conn.close(code, reason);
    this.wss.close();
  }
}
