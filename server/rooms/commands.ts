/**
 * Every command that changes a room — the clock, the end, the flow — as the transports call it:
 * checked by the access policy, then run as a step on the one mutation path.
 *
 * The policy is asked twice: at once, with the room as read for the request (a refused command
 * costs no lock and no lookup), and again inside the step with the room as stored — a swap or the
 * end that landed in between must not let the peer who just became the candidate reveal a question
 * (and get its guidance in the answer), nor anyone change an ended room.
 */
import type { Agenda } from '../../shared/agenda.js';
import type { Action } from '../../shared/policy.js';
import type { RevealResult, RoomInfo, RoomSettingsRequest, TimerUpdate } from '../../shared/protocol.js';
import type { Question, QuestionGuidance } from '../../shared/questions.js';
import type { Language } from '../../shared/schema.js';
import type { TimerCommand } from '../../shared/timer.js';
import type { RoomRecord } from '../store/index.js';
import { endStep, timerStep } from './clock.js';
import { agendaStep, revealStep, settingsStep, shareStep, swapStep } from './flow.js';
import type { Mutated, PureStep, RoomMutations } from './mutation.js';
import { authorize, toRoomInfo, type Identity } from './views.js';

/**
 * What the flow needs of the pad, implemented by the collab layer: put starter code in, through the
 * server's own origin. Idempotent: a second call for the same question finds the pad's marker.
 */
export interface PadWriter {
  /**
   * Appends a question's starter code for the pad's language to the pad's code, unless the pad
   * already records it as inserted; returns the language, or null when there is none for it.
   */
  insertStarter(roomId: string, questionId: string, starter: Partial<Record<Language, string>>): Promise<Language | null>;
}

/** What the flow needs of the question bank. */
export interface QuestionSource {
  /** The question, or a not_found error. */
  require(id: string): Promise<Question>;
  get(id: string): Promise<Question | null>;
}

export interface RoomCommandsOptions {
  mutations: RoomMutations;
  questions: QuestionSource;
  pad: PadWriter;
  now: () => number;
}

export class RoomCommands {
  private readonly mutations: RoomMutations;

  constructor(private readonly options: RoomCommandsOptions) {
    this.mutations = options.mutations;
  }

  /** `step` (and `prepare`) run only while the policy allows `action` on the room as stored. */
  private run<T, P = undefined>(who: Identity, action: Action, step: PureStep<T, P>, prepare?: (room: RoomRecord) => Promise<P>): Promise<Mutated<T>> {
    authorize(who.room, who, action);
    return this.mutations.mutate<T, P>(
      who.room.id,
      (room, now, prepared) => {
        authorize(room, who, action);
        return step(room, now, prepared);
      },
      prepare &&
        ((room) => {
          authorize(room, who, action);
          return prepare(room);
        }),
    );
  }

  private timerUpdate(room: RoomRecord): TimerUpdate {
    return { timer: room.timer, agenda: room.agenda, serverNow: this.options.now() };
  }

  async timer(who: Identity, command: TimerCommand): Promise<TimerUpdate> {
    const { room } = await this.run(who, { type: 'timer', command }, timerStep(command, who.participant.id));
    return this.timerUpdate(room);
  }

  async end(who: Identity): Promise<{ room: RoomInfo }> {
    const { room } = await this.run(who, { type: 'room:end' }, endStep(who.participant.id));
    return { room: toRoomInfo(room) };
  }

  /** Ends a room on the server's own account (nobody has been connected for too long). */
  async endAbandoned(roomId: string): Promise<void> {
    await this.mutations.mutate(roomId, endStep(null));
  }

  async setAgenda(who: Identity, agenda: Agenda, guaranteeCoding?: boolean): Promise<TimerUpdate & { room: RoomInfo }> {
    const { room } = await this.run(who, { type: 'agenda:set' }, agendaStep(agenda, guaranteeCoding, who.participant.id));
    return { ...this.timerUpdate(room), room: toRoomInfo(room) };
  }

  async settings(who: Identity, request: RoomSettingsRequest): Promise<{ room: RoomInfo }> {
    const { room } = await this.run(who, { type: 'room:settings' }, settingsStep(request, who.participant.id));
    return { room: toRoomInfo(room) };
  }

  /**
   * Reveals a question (see `revealStep`). Starter code goes into the pad at most once per
   * question: before the step, under the room's lock, so a double click inserts it once.
   */
  async reveal(who: Identity, questionId: string, insertStarter: boolean): Promise<RevealResult> {
    const action: Action = { type: 'question:reveal' };
    // Before the bank is asked: someone who may not reveal learns nothing about which ids exist.
    authorize(who.room, who, action);
    const question = await this.options.questions.require(questionId);
    const starter = insertStarter ? question.starterCode : undefined;
    const { result } = await this.run(who, action, revealStep(question, who.participant.id), async (room) => {
      const entry = room.flow.revealed.find((r) => r.question.id === question.id);
      if (!starter || entry?.starterInserted) return false;
      return (await this.options.pad.insertStarter(room.id, question.id, starter)) !== null;
    });
    return { revealed: result.entry, guidance: question.guidance, starterInserted: result.inserted };
  }

  /** Peer rooms: the other seat interviews from now on. Either seat may ask. */
  async swap(who: Identity): Promise<{ room: RoomInfo }> {
    const { room } = await this.run(who, { type: 'room:swap' }, swapStep(who.participant.id));
    return { room: toRoomInfo(room) };
  }

  /** Peer rooms, after the end: share (or stop sharing) your notes and scorecard with the other seat. */
  async shareFeedback(who: Identity, shared: boolean): Promise<{ room: RoomInfo }> {
    const { room } = await this.run(who, { type: 'feedback:share' }, shareStep(who.seat, shared, who.participant.id));
    return { room: toRoomInfo(room) };
  }

  /** Guidance of every question revealed so far (for an interviewer who just connected or swapped in). */
  async guidanceOf(room: RoomRecord): Promise<{ questionId: string; guidance: QuestionGuidance }[]> {
    const out: { questionId: string; guidance: QuestionGuidance }[] = [];
    for (const r of room.flow.revealed) {
      const q = await this.options.questions.get(r.question.id);
      if (q) out.push({ questionId: q.id, guidance: q.guidance });
    }
    return out;
  }
}
