/**
 * A socket.io v4 client at the wire: we write the engine.io/socket.io packets as text ourselves
 * (so a payload reaches the server exactly as written, `{"__proto__":…}` included, where
 * socket.io-client's serialiser would have dropped it), and every text frame the server sends —
 * events, acks, pings, errors — is recorded in order.
 */
import WebSocket from 'ws';
import { waitFor } from './server.js';

export interface WirePacket {
  /** The frame as received, e.g. `42["room:state",{…}]` or `43 7[{"ok":false,…}]`. */
  text: string;
  /** For events (`42…`): the event name and arguments; for acks (`43…`): the ack id and arguments. */
  event?: string;
  ackId?: number;
  args?: unknown[];
}

export interface RawSocketIo {
  ws: WebSocket;
  packets: WirePacket[];
  closed: Promise<number>;
  /** Sends `42<id>[event, …payloads]` with the payloads as raw JSON text; returns the ack id. */
  emitRaw(event: string, ...rawPayloads: string[]): number;
  /** Resolves with the arguments of the ack with this id. */
  ack(id: number, timeoutMs?: number): Promise<unknown[]>;
  /** Sends `event` with JSON payloads and waits for its ack's first argument. */
  call(event: string, ...payloads: unknown[]): Promise<unknown>;
  /** Every event packet received so far (name, args). */
  events(): { event: string; args: unknown[] }[];
  close(): void;
}

function parse(text: string): WirePacket {
  const event = /^42(\d*)(\[.*)$/s.exec(text);
  if (event) {
    const args = JSON.parse(event[2]!) as unknown[];
    return { text, event: String(args[0]), args: args.slice(1) };
  }
  const ack = /^43(\d+)(\[.*)$/s.exec(text);
  if (ack) return { text, ackId: Number(ack[1]), args: JSON.parse(ack[2]!) as unknown[] };
  return { text };
}

/**
 * Opens the engine.io WebSocket and sends the socket.io CONNECT with `auth` as written. Rejects
 * with `error.status` when the upgrade is refused.
 */
export async function rawSocketIo(wsBase: string, auth: unknown, headers: Record<string, string> = {}): Promise<RawSocketIo> {
  const ws = new WebSocket(`${wsBase}/socket.io/?EIO=4&transport=websocket`, { headers });
  const packets: WirePacket[] = [];
  ws.on('message', (data: Buffer) => {
    const text = data.toString();
    if (text === '2') ws.send('3'); // engine.io ping → pong
    packets.push(parse(text));
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => reject(Object.assign(new Error(`refused: ${res.statusCode} ${body}`), { status: res.statusCode, body })));
    });
  });
  ws.send(`40${JSON.stringify({ token: auth })}`);
  let nextId = 1;
  const client: RawSocketIo = {
    ws,
    packets,
    closed,
    emitRaw(event, ...rawPayloads) {
      const id = nextId++;
      ws.send(`42${id}[${[JSON.stringify(event), ...rawPayloads].join(',')}]`);
      return id;
    },
    async ack(id, timeoutMs = 5000) {
      await waitFor(() => packets.some((p) => p.ackId === id), timeoutMs, `ack ${id}`);
      return packets.find((p) => p.ackId === id)!.args!;
    },
    async call(event, ...payloads) {
      return (await client.ack(client.emitRaw(event, ...payloads.map((p) => JSON.stringify(p)))))[0];
    },
    events: () => packets.filter((p) => p.event !== undefined).map((p) => ({ event: p.event!, args: p.args! })),
    close: () => ws.close(),
  };
  return client;
}

/** Opens a raw socket.io connection and waits for its `room:state`. */
export async function rawSocketIoInRoom(wsBase: string, token: string, headers: Record<string, string> = {}): Promise<RawSocketIo> {
  const client = await rawSocketIo(wsBase, token, headers);
  await waitFor(() => client.packets.some((p) => p.event === 'room:state'), 5000, 'room:state');
  return client;
}
