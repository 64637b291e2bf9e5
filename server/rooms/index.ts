/**
 * The room domain: rooms, invites and participants (`service.ts`); every change of a room through
 * one mutation path (`mutation.ts`), as the clock's, the end's and the flow's pure steps
 * (`clock.ts`, `flow.ts`) behind the access-checked commands (`commands.ts`); what changed, announced
 * once (`announce.ts`); presence, seats, abandoned rooms.
 */
export { RoomService, cleanName, type CreateRoomInput, type RoomServiceOptions } from './service.js';
export { RoomCommands, type PadWriter, type QuestionSource } from './commands.js';
export type { RoomServiceEvents } from './announce.js';
export { authorize, policyRoom, toParticipant, toRoomInfo, type Identity } from './views.js';
export { Presence } from './presence.js';
