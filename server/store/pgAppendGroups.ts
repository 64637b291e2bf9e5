/**
 * Document appends to PostgreSQL, grouped: whatever a process appends during one event-loop turn,
 * for any number of documents, goes to the database as one statement — one transaction, one
 * commit, one round trip. The next group is sent as soon as the previous one committed, with all
 * that was appended meanwhile, so a busy process commits as often as the database can take it and
 * never queues one commit per document behind the pool.
 *
 * Numbering is as for a single document (pg.ts): each document's head in `doc_heads` moves by the
 * number of its rows in the group, and its rows take the numbers ending at the new head, in the
 * order they were appended. The heads' row locks are held until the commit, so each document's
 * rows still commit in number order with no gaps. A group locks its heads in document-name order,
 * as every group of every process does, so two processes appending to the same documents wait for
 * each other but cannot deadlock; should the database still report one (or a serialization
 * failure), the group is sent again — nothing of it was kept.
 *
 * A caller's promise resolves with its numbers once the group committed (with PostgreSQL's default
 * `synchronous_commit = on`, on disk), and rejects with the group's error otherwise.
 */
import type pg from 'pg';
import type { NewUpdate } from './types.js';

interface Append {
  doc: string;
  updates: readonly NewUpdate[];
  resolve: (seqs: number[]) => void;
  reject: (err: unknown) => void;
}

/** PostgreSQL's codes for a deadlock and a serialization failure: the transaction may be retried. */
const RETRYABLE = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 3;

/**
 * The heads move first (locked in document order), then the rows are inserted numbered from them;
 * the statement returns each document's new head.
 */
const APPEND_GROUP = `WITH heads AS (
  INSERT INTO doc_heads (doc, seq)
  SELECT doc, n FROM unnest($1::text[], $2::bigint[]) AS h(doc, n) ORDER BY doc
  ON CONFLICT (doc) DO UPDATE SET seq = doc_heads.seq + excluded.seq
  RETURNING doc, seq
), added AS (
  INSERT INTO doc_updates (doc, seq, data, author, at)
  SELECT u.doc, heads.seq - u.back, u.data, u.author, u.at
  FROM unnest($3::text[], $4::bigint[], $5::bytea[], $6::text[], $7::bigint[]) AS u(doc, back, data, author, at)
  JOIN heads ON heads.doc = u.doc
)
SELECT doc, seq FROM heads`;

export class PgAppendGroups {
  private waiting: Append[] = [];
  private scheduled = false;
  private sending = false;

  constructor(private readonly pool: Pick<pg.Pool, 'query'>) {}

  /** Appends `updates` to `doc` with the next group; resolves with their numbers, in order. */
  append(doc: string, updates: readonly NewUpdate[]): Promise<number[]> {
    if (updates.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.waiting.push({ doc, updates, resolve, reject });
      this.schedule();
    });
  }

  /** Sends the waiting appends after this turn, unless a group is out (its end sends them). */
  private schedule(): void {
    if (this.scheduled || this.sending || this.waiting.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.send();
    });
  }

  private async send(): Promise<void> {
    const group = this.waiting;
    this.waiting = [];
    this.sending = true;
    try {
      const counts = new Map<string, number>();
      for (const a of group) counts.set(a.doc, (counts.get(a.doc) ?? 0) + a.updates.length);
      const heads = await this.commit(group, counts);
      settle(group, counts, heads);
    } catch (err) {
      for (const a of group) a.reject(err);
    } finally {
      this.sending = false;
      // The callers' continuations run first (microtasks), so what they append next joins the group.
      this.schedule();
    }
  }

  /** Sends one group; `counts` holds each document's number of rows in it. Returns the new heads. */
  private async commit(group: readonly Append[], counts: ReadonlyMap<string, number>): Promise<Map<string, number>> {
    const left = new Map(counts);
    const docs: string[] = [];
    const backs: number[] = [];
    const data: Buffer[] = [];
    const authors: (string | null)[] = [];
    const ats: number[] = [];
    for (const a of group) {
      for (const u of a.updates) {
        const back = left.get(a.doc)! - 1;
        left.set(a.doc, back);
        docs.push(a.doc);
        backs.push(back);
        data.push(Buffer.from(u.update.buffer, u.update.byteOffset, u.update.byteLength));
        authors.push(u.author);
        ats.push(u.at);
      }
    }
    const values = [[...counts.keys()], [...counts.values()], docs, backs, data, authors, ats];
    for (let attempt = 1; ; attempt++) {
      try {
        const { rows } = await this.pool.query<{ doc: string; seq: number }>({ name: 'duet_append_group', text: APPEND_GROUP, values });
        return new Map(rows.map((r) => [r.doc, r.seq]));
      } catch (err) {
        if (attempt >= MAX_ATTEMPTS || !RETRYABLE.has((err as { code?: string }).code ?? '')) throw err;
      }
    }
  }
}

/** Hands each append its numbers: a document's rows end at its new head, in the order appended. */
function settle(group: readonly Append[], counts: ReadonlyMap<string, number>, heads: ReadonlyMap<string, number>): void {
  const next = new Map<string, number>();
  for (const [doc, count] of counts) next.set(doc, heads.get(doc)! - count + 1);
  for (const a of group) {
    const first = next.get(a.doc)!;
    next.set(a.doc, first + a.updates.length);
    a.resolve(a.updates.map((_, i) => first + i));
  }
}

