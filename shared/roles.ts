/**
 * Roles and what each may do. Pure: the server enforces these rules, the client only uses them to
 * hide controls a person could not use anyway.
 */
export const ROLES = ['interviewer', 'candidate', 'observer'] as const;
export type Role = (typeof ROLES)[number];

export const DOC_NAMES = ['pad', 'notes'] as const;
/** The Yjs documents of a room: `pad` is shared by everyone, `notes` is the interviewers' own. */
export type DocName = (typeof DOC_NAMES)[number];

export type RoomStatus = 'open' | 'ended';

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isDocName(value: unknown): value is DocName {
  return typeof value === 'string' && (DOC_NAMES as readonly string[]).includes(value);
}

/** Whether a role may open (receive) a document at all. Candidates and observers never see notes. */
export function canOpenDoc(role: Role, doc: DocName): boolean {
  if (doc === 'pad') return true;
  return role === 'interviewer';
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
