/**
 * Peer mock rooms, as pure rules: two seats take turns interviewing each other. A session token
 * names the role its holder had when they joined; the role they have now follows the seats
 * (`roleIn` in shared/policy.ts).
 */
import type { Agenda } from '../../shared/agenda.js';
import type { PeerState, RoomMode } from '../../shared/protocol.js';
import type { Role, Seat } from '../../shared/roles.js';

export function swapped(peer: PeerState, to: Seat, now: number): PeerState {
  if (peer.interviewerSeat === to) return peer;
  return { ...peer, interviewerSeat: to, swaps: peer.swaps + 1, lastSwapAt: now };
}

/**
 * Who interviews once the clock reaches `phaseIndex`, when that phase is a `swap` phase: after the
 * first swap phase seat B, after the second seat A again. Setting (not toggling) the seat means a
 * manual swap made early is not undone when the clock gets to the swap phase.
 */
export function seatAfterSwapPhase(agenda: Agenda, phaseIndex: number): Seat | null {
  if (agenda[phaseIndex]?.kind !== 'swap') return null;
  const swapsSoFar = agenda.slice(0, phaseIndex + 1).filter((p) => p.kind === 'swap').length;
  return swapsSoFar % 2 === 1 ? 'b' : 'a';
}

/** The seat an invite fills: only peer rooms have seats; an interviewer invite is A, a candidate invite B. */
export function inviteSeat(mode: RoomMode, role: Role, seat: Seat | undefined): Seat | null {
  if (mode !== 'peer' || role === 'observer') return null;
  return seat ?? (role === 'interviewer' ? 'a' : 'b');
}

/** The role stored with a seat's participant (and put in their token): what the seat starts as. */
export const initialRoleOf = (seat: Seat): Role => (seat === 'a' ? 'interviewer' : 'candidate');
