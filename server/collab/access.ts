/**
 * Who may open which document of a room, as the room is now: the pure rule (`docAccess` in
 * shared/roles.ts) fed with the room's mode, seats and settings. Checked when a connection opens
 * and again whenever the room's access changes (a swap, the observers' notes setting).
 */
import { docAccess, type DocAccess, type DocName, type Role } from '../../shared/roles.js';
import type { Identity, RoomService } from '../rooms/index.js';

/** Documents that exist in a room of that mode; any other name is a 404, like an unknown room. */
export function docExists(mode: 'interview' | 'peer', doc: DocName): boolean {
  if (doc === 'pad') return true;
  return mode === 'peer' ? doc !== 'notes' : doc === 'notes';
}

export function accessFor(who: Identity, doc: DocName): DocAccess {
  const { room } = who;
  return docAccess(
    {
      mode: room.mode,
      status: room.status,
      role: who.participant.role,
      seat: who.seat,
      observersSeeNotes: room.flow.observersSeeNotes,
      sharedFeedback: room.flow.peer?.sharedFeedback ?? [],
    },
    doc,
  );
}

/**
 * How a document connection acts and how it is shown. `role` is what the server enforces: a
 * read-only grant to someone whose role could write (a peer reading shared feedback, anyone after
 * the end) connects them as an observer, so the connection drops their writes. `shownRole` is the
 * person's role in the room, stamped on their cursor for others to see. Null: no access.
 */
export interface ConnectionRoles {
  role: Role;
  shownRole: Role;
}

export function connectionRoles(who: Identity, doc: DocName): ConnectionRoles | null {
  const access = accessFor(who, doc);
  if (access === 'none') return null;
  const shownRole = who.participant.role;
  return { role: access === 'read' && shownRole !== 'observer' ? 'observer' : shownRole, shownRole };
}

/** `connectionRoles` as the room is now; null also when the room or the person is gone. */
export async function currentConnectionRoles(rooms: RoomService, roomId: string, participantId: string, doc: DocName): Promise<ConnectionRoles | null> {
  try {
    return connectionRoles(await rooms.identify({ room: roomId, sub: participantId }), doc);
  } catch {
    return null;
  }
}
