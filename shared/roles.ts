/**
 * Roles, seats and documents: the names both sides use. What each role may do is the access
 * policy's to say (`policy.ts`).
 */
export const ROLES = ['interviewer', 'candidate', 'observer'] as const;
export type Role = (typeof ROLES)[number];

export const DOC_NAMES = ['pad', 'notes', 'notes-a', 'notes-b'] as const;
/**
 * The Yjs documents of a room: `pad` is shared by everyone; `notes` is the interviewers' own in an
 * interview room; a peer room has one notes document per seat instead (`notes-a`, `notes-b`).
 */
export type DocName = (typeof DOC_NAMES)[number];

/** The two seats of a peer room. Seat A (the creator) interviews first. */
export const SEATS = ['a', 'b'] as const;
export type Seat = (typeof SEATS)[number];
export const notesDocOf = (seat: Seat): DocName => (seat === 'a' ? 'notes-a' : 'notes-b');
export const otherSeat = (seat: Seat): Seat => (seat === 'a' ? 'b' : 'a');
/**
 * The notes document a participant works in: `notes` in an interview room, their seat's own in a
 * peer room (observers have no seat: null; they may read `notes-a`/`notes-b` when allowed).
 */
export function ownNotesDoc(mode: 'interview' | 'peer', seat: Seat | null | undefined): DocName | null {
  if (mode === 'interview') return 'notes';
  return seat ? notesDocOf(seat) : null;
}

export type RoomStatus = 'open' | 'ended';

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * The document name `value` spells, as the constant: a caller that keeps it (a connection keeps its
 * document's name) holds no copy of the string it was given. Undefined for anything else.
 */
export function docNameOf(value: unknown): DocName | undefined {
  return DOC_NAMES.find((name) => name === value);
}
