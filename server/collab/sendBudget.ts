/**
 * How many bytes may wait to be sent to document connections — per connection and in total — and
 * the check made *before* a message is queued, so the bound holds for what is held in memory, not
 * only for what is noticed afterwards. A client that stops reading while its room is busy would
 * otherwise keep every update relayed to it alive in its socket's buffer; many such clients, the
 * whole process's memory.
 *
 * Fast path: a socket with little queued (under `backlogBytes`) is admitted with one comparison.
 * Sockets past it are "backlogged" and tracked, and the total is summed over them only.
 */
import type { WebSocket } from 'ws';

export interface SendBudgetLimits {
  /** Bytes queued to one connection; a message that would pass it is refused (one message alone always goes). */
  perConnection: number;
  /** Bytes queued to all backlogged connections together. */
  total: number;
}

/** Queued bytes under which a socket counts as keeping up. */
const BACKLOG_BYTES = 1024 * 1024;

export class SendBudget {
  private readonly backlogged = new Set<WebSocket>();

  constructor(private readonly limits: SendBudgetLimits) {}

  /** Whether `bytes` more may be queued to `ws` now; when not, the caller drops the connection. */
  admit(ws: WebSocket, bytes: number): boolean {
    const queued = ws.bufferedAmount;
    if (queued + bytes <= BACKLOG_BYTES) return true;
    if (queued > 0 && queued + bytes > this.limits.perConnection) return false;
    this.backlogged.add(ws);
    let total = 0;
    for (const other of this.backlogged) {
      const pending = other.readyState === other.OPEN ? other.bufferedAmount : 0;
      if (pending === 0 && other !== ws) this.backlogged.delete(other);
      else total += pending;
    }
    return total + bytes <= this.limits.total;
  }

  /** The connection ended: it no longer counts. */
  forget(ws: WebSocket): void {
    this.backlogged.delete(ws);
  }
}
