/**
 * Cursors and selections (awareness) between processes, through Redis pub/sub: a channel per
 * document. Each process sends its own connections' changes as they happen, and all of their
 * states again every `heartbeatMs`; a process not heard from for `ttlMs` (it died, or lost Redis)
 * has its cursors removed on the others, so they disappear within that time.
 *
 * A message is JSON: the sender's id and a list of changes (client id, clock, state JSON).
 */
import type { Redis } from 'ioredis';
import type { AwarenessChange } from '../collab/awareness.js';
import type { SharedDoc } from '../collab/document.js';

export interface AwarenessRelayOptions {
  pub: Redis;
  sub: Redis;
  prefix: string;
  processId: string;
  heartbeatMs: number;
  ttlMs: number;
}

interface AwarenessMessage {
  p: string;
  c: AwarenessChange[];
}

export class AwarenessRelay {
  private readonly docs = new Map<string, SharedDoc>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly options: AwarenessRelayOptions) {
    options.sub.on('message', this.onMessage);
    this.timer = setInterval(this.beat, options.heartbeatMs);
    this.timer.unref();
  }

  private channel(docName: string): string {
    return `${this.options.prefix}aw:${docName}`;
  }

  loaded(doc: SharedDoc): void {
    this.docs.set(this.channel(doc.name), doc);
    this.options.sub.subscribe(this.channel(doc.name)).catch(() => {});
  }

  unloaded(doc: SharedDoc): void {
    const channel = this.channel(doc.name);
    if (this.docs.get(channel) !== doc) return;
    this.docs.delete(channel);
    this.options.sub.unsubscribe(channel).catch(() => {});
  }

  changed(doc: SharedDoc, changes: readonly AwarenessChange[]): void {
    const message: AwarenessMessage = { p: this.options.processId, c: [...changes] };
    this.options.pub.publish(this.channel(doc.name), JSON.stringify(message)).catch(() => {});
  }

  private readonly onMessage = (channel: string, text: string): void => {
    const doc = this.docs.get(channel);
    if (!doc) return;
    let message: AwarenessMessage;
    try {
      message = JSON.parse(text) as AwarenessMessage;
    } catch {
      return;
    }
    if (message.p === this.options.processId || !Array.isArray(message.c)) return;
    doc.receiveAwareness(message.p, message.c);
  };

  /** Renews this process's states on the others, and drops the states of processes gone quiet. */
  private readonly beat = (): void => {
    const before = Date.now() - this.options.ttlMs;
    for (const doc of this.docs.values()) {
      const mine = doc.awareness.localSnapshot();
      if (mine.length > 0) this.changed(doc, mine);
      doc.expireRemoteAwareness(before);
    }
  };

  close(): void {
    clearInterval(this.timer);
    this.options.sub.off('message', this.onMessage);
  }
}
