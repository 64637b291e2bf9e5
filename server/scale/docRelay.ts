/**
 * Document updates between processes, through Redis pub/sub: a channel per document, subscribed
 * while the document is loaded here.
 *
 * What goes out is what is already durable: a process publishes an update only after the store
 * numbered it (`SharedDoc` calls `stored` after the append). A receiver applies it without
 * storing it again, in number order (`seqWindow.ts`). Pub/sub may drop messages (Redis restarts,
 * a slow subscriber), so nothing depends on it: a gap is filled from the store, a document reads
 * what it missed once subscribed, and every loaded document checks the store now and then.
 *
 * A message: 16 bytes of the sender's id, then per update f64 number, u32 length, bytes.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { SharedDoc } from '../collab/document.js';

const ID_BYTES = 16;

export function encodeDocMessage(sender: Buffer, seqs: readonly number[], updates: readonly Uint8Array[]): Buffer {
  let size = ID_BYTES;
  for (const u of updates) size += 12 + u.length;
  const out = Buffer.allocUnsafe(size);
  sender.copy(out, 0, 0, ID_BYTES);
  let at = ID_BYTES;
  updates.forEach((u, i) => {
    at = out.writeDoubleLE(seqs[i]!, at);
    at = out.writeUInt32LE(u.length, at);
    out.set(u, at);
    at += u.length;
  });
  return out;
}

export function decodeDocMessage(message: Buffer): { sender: Buffer; entries: { seq: number; update: Uint8Array }[] } {
  const entries: { seq: number; update: Uint8Array }[] = [];
  let at = ID_BYTES;
  while (at + 12 <= message.length) {
    const seq = message.readDoubleLE(at);
    const length = message.readUInt32LE(at + 8);
    at += 12;
    if (at + length > message.length) break;
    entries.push({ seq, update: new Uint8Array(message.buffer, message.byteOffset + at, length) });
    at += length;
  }
  return { sender: message.subarray(0, ID_BYTES), entries };
}

export interface DocRelayOptions {
  /** Publishes (any command connection). */
  pub: Redis;
  /** Subscribed connection of its own (a subscribed connection serves nothing else). */
  sub: Redis;
  /** Key and channel prefix shared by the processes of one deployment. */
  prefix: string;
  /** This process, as 16 bytes. */
  processId: Buffer;
  log: Logger;
  /** How often every loaded document reads what it may have missed from the store. */
  catchUpEveryMs: number;
  /** The store's last number of each of these documents (one query for all, see `catchUpAll`). */
  heads: (docs: readonly string[]) => Promise<Map<string, number>>;
}

export class DocRelay {
  private readonly docs = new Map<string, SharedDoc>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly options: DocRelayOptions) {
    options.sub.on('messageBuffer', this.onMessage);
    // After a reconnect ioredis subscribes again by itself; what was published meanwhile is read from the store.
    options.sub.on('ready', () => void this.catchUpAll());
    this.timer = setInterval(() => void this.catchUpAll(), options.catchUpEveryMs);
    this.timer.unref();
  }

  private channel(docName: string): string {
    return `${this.options.prefix}doc:${docName}`;
  }

  loaded(doc: SharedDoc): void {
    this.docs.set(this.channel(doc.name), doc);
    this.options.sub.subscribe(this.channel(doc.name)).then(
      // Whatever was stored between the load and the subscription.
      () => doc.catchUp(),
      (err: unknown) => this.options.log.warn({ doc: doc.name, err }, 'subscribing to a document failed; catching up from the store instead'),
    );
  }

  unloaded(doc: SharedDoc): void {
    const channel = this.channel(doc.name);
    if (this.docs.get(channel) !== doc) return;
    this.docs.delete(channel);
    this.options.sub.unsubscribe(channel).catch(() => {});
  }

  stored(doc: SharedDoc, seqs: readonly number[], updates: readonly Uint8Array[]): void {
    // Fire and forget: a lost publish is found by the receivers' catch-up.
    this.options.pub.publish(this.channel(doc.name), encodeDocMessage(this.options.processId, seqs, updates)).catch(() => {});
  }

  private readonly onMessage = (channel: Buffer, message: Buffer): void => {
    const doc = this.docs.get(channel.toString());
    if (!doc) return;
    const { sender, entries } = decodeDocMessage(message);
    if (sender.equals(this.options.processId)) return;
    doc.receive(entries);
  };

  /**
   * Reads what the loaded documents missed: first every head at once, then the updates of only
   * those behind — not one read per document, which would queue ahead of everything else.
   */
  private async catchUpAll(): Promise<void> {
    const docs = [...this.docs.values()];
    if (docs.length === 0) return;
    let heads: Map<string, number>;
    try {
      heads = await this.options.heads(docs.map((doc) => doc.name));
    } catch (err) {
      this.options.log.warn({ err }, 'reading the documents\' heads failed; catching up later');
      return;
    }
    for (const doc of docs) if ((heads.get(doc.name) ?? 0) > doc.lastSeq) void doc.catchUp();
  }

  close(): void {
    clearInterval(this.timer);
    this.options.sub.off('messageBuffer', this.onMessage);
  }
}
