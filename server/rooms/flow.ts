/**
 * The interview flow on top of the room service: live agenda edits, room settings, revealing
 * questions (with starter code put into the pad by the server), peer swaps and shared feedback.
 * Every change goes through `RoomService.mutate`, so it is serialised with the clock and the end.
 */
import { EventEmitter } from 'node:events';
import { retargetTimer, withPhaseIds, type Agenda } from '../../shared/agenda.js';
import type { RevealedQuestion, RevealResult, RoomInfo, RoomSettingsRequest, TimerUpdate } from '../../shared/protocol.js';
import type { Question, QuestionGuidance, QuestionPublic } from '../../shared/questions.js';
import { otherSeat } from '../../shared/roles.js';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../../shared/schema.js';
import { DuetError, forbidden } from '../errors.js';
import type { QuestionBank } from '../questions/bank.js';
import type { RoomRecord } from '../store/index.js';
import { effectiveRole, seatAfterSwapPhase, swapped } from './peer.js';
import { toRoomInfo, type Identity, type RoomService } from './service.js';

/** What the flow needs of the pad: put starter code in, once, through the server's own origin. */
export interface PadWriter {
  /**
   * Appends a question's starter code for the pad's language to the pad's code, unless the pad
   * already records it as inserted; returns the language, or null when there is none for it.
   */
  insertStarter(roomId: string, questionId: string, starter: Partial<Record<Language, string>>): Promise<Language | null>;
}

export interface FlowEvents {
  /** A question was revealed for the first time (public part), with its guidance for interviewers. */
  revealed: [room: RoomRecord, revealed: RevealedQuestion, guidance: QuestionGuidance];
}

/**
 * The public part of a question, field by field. Built from a whitelist, never by spreading the
 * question and deleting guidance: a field added to `Question` later must not leak by default.
 */
export function publicPart(q: Question): QuestionPublic {
  const pub: QuestionPublic = { id: q.id, kind: q.kind, title: q.title, difficulty: q.difficulty, tags: [...q.tags], statement: q.statement };
  if (q.starterCode) pub.starterCode = { ...q.starterCode };
  if (q.examples) pub.examples = q.examples.map((e) => ({ input: e.input, output: e.output, ...(e.explanation ? { explanation: e.explanation } : {}) }));
  return pub;
}

export const isLanguage = (value: unknown): value is Language => (LANGUAGES as readonly unknown[]).includes(value);
export const padLanguage = (value: unknown): Language => (isLanguage(value) ? value : DEFAULT_LANGUAGE);

function requireOpen(room: RoomRecord): void {
  if (room.status === 'ended') throw new DuetError('gone', 'the interview has ended');
}

/**
 * Checked twice: against the identity read when the command came in, and again inside the room's
 * lock against the room as stored — a swap that landed in between must not let the peer who just
 * became the candidate reveal a question (and get its guidance in the answer).
 */
function requireInterviewer(who: Identity, room: RoomRecord = who.room): void {
  if (effectiveRole({ role: who.participant.role, seat: who.seat }, room.flow) !== 'interviewer') {
    throw forbidden('only the interviewer can do this');
  }
}

export class InterviewFlow extends EventEmitter<FlowEvents> {
  constructor(
    private readonly rooms: RoomService,
    private readonly bank: QuestionBank,
    private readonly pad: PadWriter,
  ) {
    super();
  }

  async setAgenda(who: Identity, agenda: Agenda, guaranteeCoding?: boolean): Promise<TimerUpdate & { room: RoomInfo }> {
    requireInterviewer(who);
    const { room } = await this.rooms.mutate(who.room.id, async (room, now) => {
      requireOpen(room);
      requireInterviewer(who, room);
      const next = withPhaseIds(agenda, room.agenda);
      const timer = retargetTimer(room.timer, room.agenda, next, now);
      let flow = guaranteeCoding === undefined ? room.flow : { ...room.flow, guaranteeCoding };
      // An edit that removes the current phase moves the clock on to the next one kept; when that is
      // a swap phase, the seats swap as they do when `next` reaches it.
      const movedOn = next[timer.phaseIndex]?.id !== room.agenda[room.timer.phaseIndex]?.id;
      const seat = flow.peer && movedOn ? seatAfterSwapPhase(next, timer.phaseIndex) : null;
      if (flow.peer && seat) flow = { ...flow, peer: swapped(flow.peer, seat, now) };
      return {
        changes: { agenda: next, timer, flow },
        result: null,
        event: ['agenda', who.participant.id, { phases: next.length, phaseIndex: timer.phaseIndex, interviewerSeat: flow.peer?.interviewerSeat ?? null }],
      };
    });
    return { timer: room.timer, agenda: room.agenda, serverNow: Date.now(), room: toRoomInfo(room) };
  }

  async settings(who: Identity, request: RoomSettingsRequest): Promise<{ room: RoomInfo }> {
    requireInterviewer(who);
    const { room } = await this.rooms.mutate(who.room.id, async (room) => {
      requireOpen(room);
      requireInterviewer(who, room);
      const flow = {
        ...room.flow,
        ...(request.guaranteeCoding !== undefined ? { guaranteeCoding: request.guaranteeCoding } : {}),
        ...(request.observersSeeNotes !== undefined ? { observersSeeNotes: request.observersSeeNotes } : {}),
      };
      return { changes: { flow }, result: null, event: ['settings', who.participant.id, { ...request }] };
    });
    return { room: toRoomInfo(room) };
  }

  /**
   * Reveals a question: its public part joins the room state (so reloads and late joiners see it)
   * and is broadcast; the guidance goes back to the interviewer only. Starter code goes into the
   * pad at most once per question — the room lock makes a double click insert it once.
   */
  async reveal(who: Identity, questionId: string, insertStarter: boolean): Promise<RevealResult> {
    requireInterviewer(who);
    const question = await this.bank.require(questionId);
    const { result } = await this.rooms.mutate(who.room.id, async (room, now) => {
      requireOpen(room);
      requireInterviewer(who, room);
      const index = room.flow.revealed.findIndex((r) => r.question.id === question.id);
      const existing = room.flow.revealed[index];
      let entry: RevealedQuestion = existing ?? {
        question: publicPart(question),
        revealedAt: now,
        revealedBy: who.participant.id,
        phaseIndex: room.timer.phaseIndex,
        starterInserted: false,
      };
      let inserted = false;
      if (insertStarter && !entry.starterInserted && question.starterCode) {
        inserted = (await this.pad.insertStarter(room.id, question.id, question.starterCode)) !== null;
        if (inserted) entry = { ...entry, starterInserted: true };
      }
      const revealed = existing ? room.flow.revealed.map((r, i) => (i === index ? entry : r)) : [...room.flow.revealed, entry];
      return {
        changes: { flow: { ...room.flow, revealed } },
        result: { entry, inserted, first: !existing },
        event: ['reveal', who.participant.id, { questionId: question.id, starterInserted: inserted }],
        // Under the lock, with the room as stored: the control plane decides from it who is the
        // interviewer right now, and no swap can slip in between.
        after: (stored) => {
          if (!existing) this.emit('revealed', stored, entry, question.guidance);
        },
      };
    });
    return { revealed: result.entry, guidance: question.guidance, starterInserted: result.inserted };
  }

  /** Peer rooms: the other seat interviews from now on. Either seat may ask. */
  async swap(who: Identity): Promise<{ room: RoomInfo }> {
    if (!who.room.flow.peer || who.seat === null) throw forbidden('only the two peers of a peer room can swap');
    const { room } = await this.rooms.mutate(who.room.id, async (room, now) => {
      requireOpen(room);
      const peer = room.flow.peer!;
      const next = swapped(peer, otherSeat(peer.interviewerSeat), now);
      return {
        changes: { flow: { ...room.flow, peer: next } },
        result: null,
        event: ['swap', who.participant.id, { interviewerSeat: next.interviewerSeat, auto: false }],
      };
    });
    return { room: toRoomInfo(room) };
  }

  /** Peer rooms, after the end: share (or stop sharing) your notes and scorecard with the other seat. */
  async shareFeedback(who: Identity, shared: boolean): Promise<{ room: RoomInfo }> {
    if (!who.room.flow.peer || who.seat === null) throw forbidden('only the two peers of a peer room share feedback');
    const seat = who.seat;
    const { room } = await this.rooms.mutate(who.room.id, async (room) => {
      if (room.status !== 'ended') throw new DuetError('conflict', 'feedback is shared once the interview has ended');
      const peer = room.flow.peer!;
      const others = peer.sharedFeedback.filter((s) => s !== seat);
      const sharedFeedback = shared ? [...others, seat].sort() : others;
      return {
        changes: { flow: { ...room.flow, peer: { ...peer, sharedFeedback } } },
        result: null,
        event: ['share', who.participant.id, { seat, shared }],
      };
    });
    return { room: toRoomInfo(room) };
  }

  /** Guidance of every question revealed so far (for an interviewer who just connected or swapped in). */
  async guidanceOf(room: RoomRecord): Promise<{ questionId: string; guidance: QuestionGuidance }[]> {
    const out: { questionId: string; guidance: QuestionGuidance }[] = [];
    for (const r of room.flow.revealed) {
      const q = await this.bank.get(r.question.id);
      if (q) out.push({ questionId: q.id, guidance: q.guidance });
    }
    return out;
  }
}
