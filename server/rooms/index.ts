/** The room domain: rooms, invites, participants, presence and the clock. */
export { RoomService, toRoomInfo, toParticipant, cleanName, type CreateRoomInput, type RoomServiceEvents } from './service.js';
export { Presence } from './presence.js';
