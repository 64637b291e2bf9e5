/** The room domain: rooms, invites, participants, presence and the clock. */
export { RoomService, toRoomInfo, toParticipant, cleanName, type CreateRoomInput, type Identity, type RoomServiceEvents } from './service.js';
export { effectiveRole } from './peer.js';
export { Presence } from './presence.js';
