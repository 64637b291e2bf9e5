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
import { CloseCode, YJS_SUBPROTOCOL } from '../../shared/wire.js';
import { docNameOf } from '../../shared/roles.js';
import type { TokenService } from '../auth/index.js';
import { DuetError, forbidden, notFound, toDuetError } from '../errors.js';
import { authorize, type RoomService } from '../rooms/index.js';
import { DocConnection, type ConnectionCounters, type ConnectionHost, type ConnectionIdentity, type ConnectionLimits } from './connection.js';
import type { DocRegistry } from './registry.js';
import { AckPacer, STORED_ACK_PACING } from './ackPacer.js';
import { SendBudget } from './sendBudget.js';
import { currentGrant, grantFor } from './access.js';

export const YJS_PATH_PREFIX = '/yjs/';
/** An upgrade whose check has not finished after this long (a hung store) loses its socket. */
const AUTHORIZE_TIMEOUT_MS = 10_000;
/** The upgrades being checked are swept this many times per `AUTHORIZE_TIMEOUT_MS`. */
const AUTHORIZE_SWEEPS = 4;
/**
 * The heartbeat visits one slice of the connections per tick, each connection always in the same
 * slice: pinging a thousand connections at once would be a burst of work every period (and break
 * the quiet that idle collection waits for), a slice at a time it is a trickle.
 */
const HEARTBEAT_SLICES = 10;

export interface CollabOptions {
  rooms: RoomService;
  tokens: TokenService;
  registry: DocRegistry;
  log: Logger;
  maxFrameBytes: number;
  /** How often connections are pinged; one that missed the previous ping is dropped. */
  pingMs: number;
  limits: ConnectionLimits & { maxTotalBufferedBytes: number };
  allowOrigin: (origin: string | undefined, host: string | undefined) => boolean;
  /** An edit was refused because the document is full (the control plane tells the room). */
  onDocTooLarge: (identity: ConnectionIdentity, message: string) => void;
  /** Refused upgrades and dropped slow consumers are counted here (`server/metrics/`). */
  metrics?: { responded(transport: 'ws', status: number): void; slowConsumer(): void };
}

/**
 * The path and query of an upgrade's request target. Split by hand rather than by a full URL
 * parse: nothing here needs normalizing (any odd path is simply no document, a 404).
 */
function splitTarget(target: string): { path: string; query: string | null } {
  const mark = target.indexOf('?');
  if (mark === -1) return { path: target, query: null };
  return { path: target.slice(0, mark), query: target.slice(mark + 1) };
}

/**
 * A socket error ends the socket. A module-level function, not an arrow in `handleUpgrade`: the
 * listener lives as long as the connection, and an arrow would keep that scope's request and head
 * buffer alive with it (two `IncomingMessage`s per idle room in the heap snapshots).
 */
function destroyOnError(this: Duplex): void {
  this.destroy();
}

function uncork(socket: Duplex): void {
  socket.uncork();
}

/** What our own clients offer: our subprotocol, then the token (browsers join them with `, `, ws with `,`). */
const OUR_CLIENT_OFFER = `${YJS_SUBPROTOCOL},`;

/**
 * The token from `?token=` (the stock y-websocket client) or beside our subprotocol (our client).
 * `viaOffer` is set when the offer is exactly our clients', `duet.v1, <token>` or `duet.v1,<token>`.
 */
function tokenOf(req: IncomingMessage, query: string | null): { token: string | undefined; viaOffer: boolean } {
  const fromQuery = query === null ? null : new URLSearchParams(query).get('token');
  if (fromQuery) return { token: fromQuery, viaOffer: false };
  const header = req.headers['sec-websocket-protocol'] ?? '';
  if (header.startsWith(OUR_CLIENT_OFFER)) {
    const rest = header.slice(OUR_CLIENT_OFFER.length);
    const token = rest.startsWith(' ') ? rest.slice(1) : rest;
    if (token.length > 0 && token !== YJS_SUBPROTOCOL && !token.includes(',') && token.trim() === token) return { token, viaOffer: true };
  }
  const offered = header.split(',').map((p) => p.trim());
  if (!offered.includes(YJS_SUBPROTOCOL)) return { token: undefined, viaOffer: false };
  return { token: offered.find((p) => p !== YJS_SUBPROTOCOL && p.length > 0), viaOffer: false };
}

/**
 * Answers an upgrade we will not take with a plain HTTP error. Exported for the server's upgrade
 * router, which refuses paths nobody owns (left alone, such sockets would stay open forever).
 */
export function refuse(socket: Duplex, error: DuetError): void {
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
  /** Set by `closeAll`: called when the last connection has ended. */
  private allClosed: (() => void) | undefined;
  /** Every connection's link back to this server: one object, not callbacks per connection. */
  private readonly host: ConnectionHost;
  /**
   * One timer for all connections. A client that vanished without closing (a closed laptop, a
   * dropped network) leaves a half-open socket that would otherwise keep its document loaded and
   * its room from ever counting as idle.
   */
  private readonly heartbeat: NodeJS.Timeout;
  private heartbeatTicks = 0;
  private connectionsOpened = 0;
  /**
   * Sockets whose upgrade is being checked, with the sweep they arrived in. A check that never
   * finishes (a hung store) must not hold its socket forever; one timer sweeps them all, where a
   * timer per upgrade would cost two calls into the runtime (ref, unref) on every connect.
   */
  private readonly checking = new Map<Duplex, number>();
  private readonly checkSweeper: NodeJS.Timeout;
  private checkSweeps = 0;
  /**
   * Room ends announced so far. An upgrade whose room read saw none announced before the
   * connection took its document hands the status it read to the document's load (`acquire`).
   */
  private endsAnnounced = 0;

  constructor(private readonly options: CollabOptions) {
    const { registry, rooms } = options;
    this.host = {
      limits: options.limits,
      log: options.log,
      counters: this.counters,
      connectionClosed: (conn) => {
        const { roomId, docName } = conn.identity;
        this.host.sendBudget.forget(conn.socket);
        this.connections.delete(conn);
        registry.release(roomId, docName);
        rooms.idle.leave(roomId);
        if (this.connections.size === 0) this.allClosed?.();
      },
      editRefused: (conn, message) => options.onDocTooLarge(conn.identity, message),
      slowConsumer: () => options.metrics?.slowConsumer(),
      sendBudget: new SendBudget({ perConnection: options.limits.maxBufferedBytes, total: options.limits.maxTotalBufferedBytes }),
      ackPacer: new AckPacer(STORED_ACK_PACING),
    };
    this.wss = new WebSocketServer({
      noServer: true,
      // `connections` lists them already; ws's own list would cost a listener per socket.
      clientTracking: false,
      maxPayload: options.maxFrameBytes,
      // Echo our fixed subprotocol; the token offered beside it is never echoed back.
      handleProtocols: (protocols) => (protocols.has(YJS_SUBPROTOCOL) ? YJS_SUBPROTOCOL : false),
    });
    this.heartbeat = setInterval(() => {
      const slice = this.heartbeatTicks++ % HEARTBEAT_SLICES;
      for (const conn of this.connections) if (conn.heartbeatSlice === slice) conn.checkAlive();
    }, options.pingMs / HEARTBEAT_SLICES).unref();
    this.checkSweeper = setInterval(() => {
      const sweep = ++this.checkSweeps;
      // In arrival order: the first socket that is young enough ends the sweep.
      for (const [socket, since] of this.checking) {
        if (sweep - since < AUTHORIZE_SWEEPS) break;
        this.checking.delete(socket);
        socket.destroy();
      }
    }, AUTHORIZE_TIMEOUT_MS / AUTHORIZE_SWEEPS).unref();
    options.rooms.on('ended', (roomId) => {
      this.endsAnnounced++;
      void this.markEnded(roomId);
    });
    options.rooms.on('access', (roomId) => void this.recheckRoom(roomId));
    options.rooms.on('person', (room, person, change) => {
      // Removed or denied: every document of theirs, the pad included, closes now (4403). A new
      // role: their connections take the grant it gives, or close where it gives none.
      if (change === 'removed' || change === 'denied') {
        for (const conn of this.connectionsOf(room.id, person.id)) conn.close(CloseCode.forbidden, 'you are no longer in this room');
      } else if (change === 'role') void this.recheck(this.connectionsOf(room.id, person.id));
    });
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Takes an upgrade whose path starts with `/yjs/`: checks it, then opens the connection. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', destroyOnError);
    this.checking.set(socket, this.checkSweeps);
    const endsBefore = this.endsAnnounced;
    this.authorize(req)
      .then(({ identity, roomEnded }) => {
        this.checking.delete(socket);
        if (socket.destroyed) return;
        const endedAsRead = this.endsAnnounced === endsBefore ? roomEnded : undefined;
        // The upgrade's answer and the first messages (our state vector, who is here, what is
        // stored) leave in one write: on loopback and LAN each write is a system call and a
        // packet, and a class connecting at once is thousands of them. Everything sent before
        // this turn's ticks run is held; nothing is held past it.
        socket.cork();
        process.nextTick(uncork, socket);
        this.wss.handleUpgrade(req, socket, head, (ws) => this.open(ws, identity, endedAsRead));
      })
      .catch((err: unknown) => {
        this.checking.delete(socket);
        const error = toDuetError(err);
        this.options.metrics?.responded('ws', error.status);
        refuse(socket, error);
      });
  }

  /** Who the upgrade is for, and whether their room had ended when it was read. */
  private async authorize(req: IncomingMessage): Promise<{ identity: ConnectionIdentity; roomEnded: boolean }> {
    if (!this.options.allowOrigin(req.headers.origin, req.headers.host)) throw forbidden('origin not allowed');
    const { path, query } = splitTarget(req.url ?? '/');
    const { token, viaOffer } = tokenOf(req, query);
    const claims = this.options.tokens.verifySession(token);
    // ws parses the offer again, character by character, to echo our subprotocol: an offer of
    // our client's form, its token now checked, parses to the same choice from our name alone.
    if (viaOffer) req.headers['sec-websocket-protocol'] = YJS_SUBPROTOCOL;
    const [roomId, docSegment, ...rest] = path.slice(YJS_PATH_PREFIX.length).split('/');
    const docName = docNameOf(docSegment);
    if (!roomId || !docName || rest.length > 0) throw notFound('no such document');
    // The role now (peer rooms follow the seats) and the room's settings decide, not the token.
    const who = await this.options.rooms.identifyForDocs(roomId, claims.sub, claims.room);
    authorize(who.room, who, { type: 'doc:open', doc: docName });
    const grant = grantFor(who, docName);
    if (grant === null) throw forbidden(`may not open ${docName}`);
    return {
      identity: { participantId: claims.sub, name: claims.name, ...grant, color: claims.color, roomId, docName },
      roomEnded: who.room.status === 'ended',
    };
  }

  private open(ws: import('ws').WebSocket, identity: ConnectionIdentity, roomEnded: boolean | undefined): void {
    const docPromise = this.options.registry.acquire(identity.roomId, identity.docName, roomEnded);
    // Entered here, left in `connectionClosed`, which every connection reaches exactly once.
    this.options.rooms.idle.enter(identity.roomId);
    const conn = new DocConnection(ws, identity, this.host, this.connectionsOpened++ % HEARTBEAT_SLICES);
    this.connections.add(conn);
    // Access is checked again now that the connection is listed: a swap that landed between the
    // upgrade check and this point is caught here, and any later one by `recheckRoom`.
    // Everyone in a room may open its pad.
    if (identity.docName === 'pad') {
      docPromise.then(
        (doc) => conn.attach(doc),
        () => conn.close(CloseCode.storeFailure, 'the document could not be loaded'),
      );
      return;
    }
    const stillAllowed = this.currentGrant(conn).then((grant) => grant !== null);
    Promise.all([docPromise, stillAllowed]).then(
      ([doc, allowed]) => {
        if (allowed) conn.attach(doc);
        else conn.close(CloseCode.forbidden, 'access to this document was withdrawn');
      },
      () => conn.close(CloseCode.storeFailure, 'the document could not be loaded'),
    );
  }

  private currentGrant(conn: DocConnection) {
    const { roomId, participantId, docName } = conn.identity;
    return currentGrant(this.options.rooms, roomId, participantId, docName);
  }

  /**
   * Applies a change of the room's access to its open connections: those that lost access are
   * closed (4403) — the peer who just became the candidate on their notes, observers on the notes
   * once an interviewer withdrew the permission — and the others take their grant as it is now: a
   * read-only level after the end, and a peer swap shown at once next to both cursors on the pad.
   */
  private recheckRoom(roomId: string): Promise<void> {
    return this.recheck([...this.connections].filter((c) => c.identity.roomId === roomId));
  }

  private connectionsOf(roomId: string, participantId: string): DocConnection[] {
    return [...this.connections].filter((c) => c.identity.roomId === roomId && c.participantId === participantId);
  }

  private async recheck(conns: readonly DocConnection[]): Promise<void> {
    for (const conn of conns) {
      const grant = await this.currentGrant(conn);
      // Everyone in a room may open its pad; a failed lookup must not close it.
      if (grant !== null) conn.changeGrant(grant);
      else if (conn.identity.docName !== 'pad') conn.close(CloseCode.forbidden, 'access to this document was withdrawn');
    }
  }

  private async markEnded(roomId: string): Promise<void> {
    // Each document as soon as it is ready: a slow load must not keep a loaded pad writable.
    await Promise.allSettled(
      this.options.registry.docsOfRoom(roomId).map(async (pending) => {
        (await pending).roomEnded = true;
      }),
    );
  }

  /** Closes the room's document connections (the room is being erased: 4404). */
  closeRoom(roomId: string, code: number, reason: string): void {
    for (const conn of [...this.connections]) if (conn.identity.roomId === roomId) conn.close(code, reason);
  }

  /**
   * Closes every document connection (shutdown: 1001, "going away"); resolves once every socket
   * has ended — with 1001, after the updates a client sent before it saw the close were applied.
   */
  closeAll(code: number, reason: string): Promise<void> {
    clearInterval(this.heartbeat);
    clearInterval(this.checkSweeper);
    this.host.ackPacer.close();
    const done = new Promise<void>((resolve) => {
      if (this.connections.size === 0) resolve();
      else this.allClosed = resolve;
    });
    for (const conn of [...this.connections]) conn.close(code, reason);
    this.wss.close();
    return done;
  }
}
