/**
 * The candidate's integrity signals: pastes above a size and window focus lost or regained, as
 * their page reports them. Each becomes a room event stamped with the server's time (never the
 * page's, which the candidate controls), and the candidate can read back their own — and nothing
 * else is collected (`INTEGRITY_NOTICE` in shared/replay.ts says so to them, word for word).
 */
import { INTEGRITY_KINDS, type IntegrityReport, type ReplayEvent } from '../../shared/replay.js';
import type { Store } from '../store/index.js';
import { authorize, type Identity } from './views.js';

const isIntegrityKind = (kind: string): boolean => (INTEGRITY_KINDS as readonly string[]).includes(kind);

export class IntegrityLog {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  /** Records one signal from `who`'s page; refused unless they are the candidate of an open room. */
  async report(who: Identity, report: IntegrityReport): Promise<{ event: ReplayEvent }> {
    authorize(who.room, who, { type: 'integrity:report' });
    const data = report.kind === 'paste' ? { chars: report.chars } : { focused: report.focused };
    const t = this.now();
    await this.store.addEvent({ roomId: who.room.id, at: t, kind: report.kind, participantId: who.participant.id, data });
    return { event: { t, kind: report.kind, by: who.participant.id, data } };
  }

  /** The integrity signals recorded about `who`, oldest first: anyone may read their own. */
  async mine(who: Identity): Promise<{ events: ReplayEvent[] }> {
    const events = await this.store.listEvents(who.room.id);
    return {
      events: events
        .filter((e) => e.participantId === who.participant.id && isIntegrityKind(e.kind))
        .map((e) => ({ t: e.at, kind: e.kind, by: e.participantId, data: e.data })),
    };
  }
}
