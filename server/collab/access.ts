/**
 * What a document connection may do, as the room is now: the access policy's level for the
 * document (`docAccess` in shared/policy.ts) and, separately, the role shown next to the person's
 * cursor. Checked when a connection opens and again whenever the room's access changes (the end,
 * a swap, the observers' notes setting, shared feedback).
 */
import { docAccess, type DocAccess } from '../../shared/policy.js';
import type { DocName, Role } from '../../shared/roles.js';
import { policyRoom, type Identity, type RoomService } from '../rooms/index.js';
import type { RoomAccess } from '../store/index.js';

/** An open connection's grant: what the server enforces, and what others see. */
export interface ConnectionGrant {
  /** Enforced: a `read` connection receives every update, and its writes are dropped. */
  access: Exclude<DocAccess, 'none'>;
  /** The person's role in the room, stamped on their cursor (awareness) for others to see. */
  shownRole: Role;
}

/** The grant for `who` on `doc`; null: no access. */
export function grantFor(who: Identity<RoomAccess>, doc: DocName): ConnectionGrant | null {
  const access = docAccess(policyRoom(who.room), who, doc);
  return access === 'none' ? null : { access, shownRole: who.participant.role };
}

/** `grantFor` as the room is now; null also when the room or the person is gone. */
export async function currentGrant(rooms: RoomService, roomId: string, participantId: string, doc: DocName): Promise<ConnectionGrant | null> {
  try {
    return grantFor(await rooms.identifyForDocs(roomId, participantId), doc);
  } catch {
    return null;
  }
}
