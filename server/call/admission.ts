/**
 * The one check every call action makes first: is this person in the room now, and may they be in
 * its call? Signalling, joining and TURN credentials all go through here, so a rule about who is
 * in a room (removed participants, a waiting room) is added once, here, and holds for the call.
 */
import { DuetError } from '../errors.js';
import { authorize, type Identity } from '../rooms/index.js';

/**
 * Throws unless `who` may take part in the room's call. `who` comes from the session, checked
 * against the store just now (`RoomService.identify`): the participant exists and belongs to the
 * session's room, so a session of another room never gets here with this room.
 */
export function admitToCall(who: Identity, roomId: string): void {
  if (who.room.id !== roomId) throw new DuetError('forbidden', 'this session belongs to another room');
  authorize(who.room, who, { type: 'call:signal' });
}
