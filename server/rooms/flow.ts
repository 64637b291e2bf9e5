/**
 * The interview flow as pure steps for the mutation path (`mutation.ts`): live agenda edits, room
 * settings, revealing questions, peer swaps and shared feedback. Who may run them is the access
 * policy's to say; the commands (`commands.ts`) check it before each step runs.
 */
import { retargetTimer, withPhaseIds, type Agenda } from '../../shared/agenda.js';
import type { RevealedQuestion, RoomSettingsRequest } from '../../shared/protocol.js';
import type { Question, QuestionPublic } from '../../shared/questions.js';
import { TEST_LANGUAGES, type TestSuite } from '../../shared/run.js';
import { otherSeat, type Seat } from '../../shared/roles.js';
import type { RoomFlow } from '../store/index.js';
import type { PureStep } from './mutation.js';
import { seatAfterSwapPhase, swapped } from './peer.js';

/**
 * The public part of a question, field by field. Built from a whitelist, never by spreading the
 * question and deleting guidance: a field added to `Question` later must not leak by default.
 */
export function publicPart(q: Question): QuestionPublic {
  const pub: QuestionPublic = { id: q.id, kind: q.kind, title: q.title, difficulty: q.difficulty, tags: [...q.tags], statement: q.statement };
  if (q.starterCode) pub.starterCode = { ...q.starterCode };
  if (q.tests) pub.tests = copySuite(q.tests);
  if (q.sqlSeed) pub.sqlSeed = q.sqlSeed;
  if (q.examples) pub.examples = q.examples.map((e) => ({ input: e.input, output: e.output, ...(e.explanation ? { explanation: e.explanation } : {}) }));
  return pub;
}

/** A copy of a test suite, case by case and field by field (the same whitelist rule). */
export function copySuite(suite: TestSuite): TestSuite {
  const out: TestSuite = {};
  for (const language of TEST_LANGUAGES) {
    const cases = suite[language];
    if (cases) out[language] = cases.map((c) => ({ name: c.name, call: c.call, expected: c.expected }));
  }
  return out;
}

/**
 * A new agenda; the clock stays on its phase. An edit that removes the current phase moves the
 * clock on to the next one kept; when that is a swap phase, the seats swap as they do when `next`
 * reaches it.
 */
export function agendaStep(agenda: Agenda, guaranteeCoding: boolean | undefined, by: string): PureStep<null> {
  return (room, now) => {
    const next = withPhaseIds(agenda, room.agenda);
    const timer = retargetTimer(room.timer, room.agenda, next, now);
    let flow: RoomFlow = guaranteeCoding === undefined ? room.flow : { ...room.flow, guaranteeCoding };
    const movedOn = next[timer.phaseIndex]?.id !== room.agenda[room.timer.phaseIndex]?.id;
    const seat = flow.peer && movedOn ? seatAfterSwapPhase(next, timer.phaseIndex) : null;
    if (flow.peer && seat) flow = { ...flow, peer: swapped(flow.peer, seat, now) };
    const data = { phases: next.length, phaseIndex: timer.phaseIndex, interviewerSeat: flow.peer?.interviewerSeat ?? null, agenda: next, timer };
    return { changes: { agenda: next, timer, flow }, events: [{ kind: 'agenda', by, data }], result: null };
  };
}

export function settingsStep(request: RoomSettingsRequest, by: string): PureStep<null> {
  return (room) => {
    const flow = {
      ...room.flow,
      ...(request.guaranteeCoding !== undefined ? { guaranteeCoding: request.guaranteeCoding } : {}),
      ...(request.observersSeeNotes !== undefined ? { observersSeeNotes: request.observersSeeNotes } : {}),
      ...(request.extraTime !== undefined ? { extraTime: request.extraTime } : {}),
      ...(request.observersSendMedia !== undefined ? { observersSendMedia: request.observersSendMedia } : {}),
      ...(request.candidatesRun !== undefined ? { candidatesRun: request.candidatesRun } : {}),
      ...(request.runTimeLimitSec !== undefined ? { runTimeLimitSec: request.runTimeLimitSec } : {}),
      ...(request.waitingRoom !== undefined ? { waitingRoom: request.waitingRoom } : {}),
    };
    return { changes: { flow }, events: [{ kind: 'settings', by, data: { ...request } }], result: null };
  };
}

export interface Revealed {
  entry: RevealedQuestion;
  /** This reveal put the starter code in the pad. */
  inserted: boolean;
}

/**
 * Reveals a question: its public part joins the room state, and a first reveal's guidance goes to
 * the interviewers. `starterInPad` says the pad holds the question's starter code now (put there by
 * this reveal's preparation, or by an earlier one whose stored reveal a crash lost); the entry
 * records it once.
 */
export function revealStep(question: Question, by: string): PureStep<Revealed, boolean> {
  return (room, now, starterInPad) => {
    const index = room.flow.revealed.findIndex((r) => r.question.id === question.id);
    const existing = room.flow.revealed[index];
    let entry: RevealedQuestion = existing ?? {
      question: publicPart(question),
      revealedAt: now,
      revealedBy: by,
      phaseIndex: room.timer.phaseIndex,
      starterInserted: false,
    };
    const inserted = starterInPad && !entry.starterInserted;
    if (inserted) entry = { ...entry, starterInserted: true };
    const result = { entry, inserted };
    const events = [{ kind: 'reveal' as const, by, data: { questionId: question.id, starterInserted: inserted } }];
    if (existing && !inserted) return { changes: {}, events, result };
    const revealed = existing ? room.flow.revealed.map((r, i) => (i === index ? entry : r)) : [...room.flow.revealed, entry];
    const notices = existing ? [] : [{ type: 'revealed' as const, revealed: entry, guidance: question.guidance }];
    return { changes: { flow: { ...room.flow, revealed } }, events, result, notices };
  };
}

/** Peer rooms: the other seat interviews from now on. */
export function swapStep(by: string): PureStep<null> {
  return (room, now) => {
    const peer = room.flow.peer;
    if (!peer) return { changes: {}, events: [], result: null }; // not a peer room: the policy refuses first
    const next = swapped(peer, otherSeat(peer.interviewerSeat), now);
    return { changes: { flow: { ...room.flow, peer: next } }, events: [{ kind: 'swap', by, data: { interviewerSeat: next.interviewerSeat, auto: false } }], result: null };
  };
}

/** Peer rooms, after the end: a seat shares (or stops sharing) its notes and scorecard with the other. */
export function shareStep(seat: Seat | null, shared: boolean, by: string): PureStep<null> {
  return (room) => {
    const peer = room.flow.peer;
    if (!peer || !seat) return { changes: {}, events: [], result: null }; // not a peer: the policy refuses first
    const others = peer.sharedFeedback.filter((s) => s !== seat);
    const sharedFeedback = shared ? [...others, seat].sort() : others;
    return { changes: { flow: { ...room.flow, peer: { ...peer, sharedFeedback } } }, events: [{ kind: 'share', by, data: { seat, shared } }], result: null };
  };
}
