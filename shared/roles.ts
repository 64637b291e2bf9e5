/**
 * Roles and what each may do. Pure: the server enforces these rules, the client only uses them to
 * hide controls a person could not use anyway.
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

/**
 * Whether a role may open (receive) a document at all, by role alone: candidates never see notes.
 * The server decides with `docAccess`, which also knows the room's mode, seats and settings.
 */
export function canOpenDoc(role: Role, doc: DocName): boolean {
  if (doc === 'pad') return true;
  return role === 'interviewer';
}

export type DocAccess = 'none' | 'read' | 'write';

export interface DocAccessContext {
  mode: 'interview' | 'peer';
  status: RoomStatus;
  /** The effective role: in a peer room it follows the seats, not the session token. */
  role: Role;
  /** The participant's seat in a peer room; null otherwise (and for observers). */
  seat: Seat | null;
  /** An interviewer allowed observers to read the notes. */
  observersSeeNotes: boolean;
  /** Peer rooms: seats whose owner shared their notes (feedback) with the other seat. */
  sharedFeedback: readonly Seat[];
}

/**
 * What one participant may do with one document, now. The server checks it when a connection
 * opens and again whenever the room changes (swap, settings), closing connections that lost access.
 *
 * - `pad`: everyone reads; everyone but observers writes until the room ends.
 * - `notes` (interview rooms): interviewers write; observers read when allowed; candidates never.
 * - `notes-a`/`notes-b` (peer rooms): the seat's owner writes while they are the interviewer and
 *   reads it back after the end; the other seat reads it only after the end and only if shared;
 *   observers read when allowed.
 */
export function docAccess(ctx: DocAccessContext, doc: DocName): DocAccess {
  const ended = ctx.status === 'ended';
  const readOrWrite = (write: boolean): DocAccess => (write && !ended ? 'write' : 'read');
  if (doc === 'pad') return readOrWrite(ctx.role !== 'observer');
  if (ctx.role === 'observer') {
    const exists = ctx.mode === 'peer' ? doc !== 'notes' : doc === 'notes';
    return exists && ctx.observersSeeNotes ? 'read' : 'none';
  }
  if (ctx.mode === 'interview') return doc === 'notes' && ctx.role === 'interviewer' ? readOrWrite(true) : 'none';
  if (doc === 'notes' || ctx.seat === null) return 'none';
  const owner: Seat = doc === 'notes-a' ? 'a' : 'b';
  if (owner === ctx.seat) return ended ? 'read' : ctx.role === 'interviewer' ? 'write' : 'none';
  return ended && ctx.sharedFeedback.includes(owner) ? 'read' : 'none';
}

/**
 * Whether a role may change a document. Observers only watch, and once a room has ended its
 * documents are a record: nobody writes any more.
 */
export function canWriteDoc(role: Role, doc: DocName, status: RoomStatus): boolean {
  if (status === 'ended') return false;
  if (!canOpenDoc(role, doc)) return false;
  return role !== 'observer';
}

/** Running the clock, ending the interview and handing out invites belong to interviewers. */
export function canRunInterview(role: Role): boolean {
  return role === 'interviewer';
}

/** Roles a candidate or observer may not use to join an ended room; interviewers may still read it. */
export function canJoinEndedRoom(role: Role): boolean {
  return role === 'interviewer';
}
