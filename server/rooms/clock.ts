/**
 * The interview clock and the end, as pure steps for the mutation path (`mutation.ts`): the timer
 * state machine applied to the room as stored, with the peer swap that reaching a `swap` phase
 * brings, and the end that stops the clock for good.
 */
import { applyTimerCommand, type TimerCommand } from '../../shared/timer.js';
import { DuetError } from '../errors.js';
import type { RoomChanges } from '../store/index.js';
import type { LoggedEvent, PureStep } from './mutation.js';
import { seatAfterSwapPhase, swapped } from './peer.js';

/** A timer command by participant `by`. Peer rooms swap seats when `next` reaches a swap phase. */
export function timerStep(command: TimerCommand, by: string): PureStep<null> {
  return (room, now) => {
    const moved = applyTimerCommand(room.timer, room.agenda, command, now);
    if (!moved.ok) throw new DuetError('conflict', moved.reason);
    const changes: RoomChanges = { timer: moved.state };
    const events: LoggedEvent[] = [{ kind: 'timer', by, data: { command, phaseIndex: moved.state.phaseIndex, timer: moved.state } }];
    const seat = room.flow.peer && command === 'next' ? seatAfterSwapPhase(room.agenda, moved.state.phaseIndex) : null;
    const peer = room.flow.peer && seat ? swapped(room.flow.peer, seat, now) : room.flow.peer;
    if (peer && peer !== room.flow.peer) {
      changes.flow = { ...room.flow, peer };
      events.push({ kind: 'swap', by, data: { interviewerSeat: peer.interviewerSeat, auto: true } });
    }
    return { changes, events, result: null };
  };
}

/**
 * Ends the interview (`by` null: the server, for an abandoned room): documents turn read-only for
 * everyone and the clock stops. Ending an ended room changes nothing and is no error.
 */
export function endStep(by: string | null): PureStep<null> {
  return (room, now) => {
    if (room.status === 'ended') return { changes: {}, events: [], result: null };
    const stopped = applyTimerCommand(room.timer, room.agenda, 'stop', now);
    const timer = stopped.ok ? stopped.state : room.timer;
    return {
      changes: { status: 'ended', endedAt: now, timer },
      events: [{ kind: 'end', by, data: { timer } }],
      result: null,
    };
  };
}
