/** The people API (`server/http/people.ts`) as the panel calls it. */
import type { Participant, RoomInfo } from '../../../shared/protocol.js';
import type { Role } from '../../../shared/roles.js';
import { request } from '../lib/api.js';

const base = (roomId: string) => `/api/rooms/${encodeURIComponent(roomId)}`;
const person = (roomId: string, id: string) => `${base(roomId)}/participants/${encodeURIComponent(id)}`;

export const peopleApi = {
  admit: (roomId: string, token: string, id: string) => request<{ participant: Participant }>('POST', `${person(roomId, id)}/admit`, {}, token),
  deny: (roomId: string, token: string, id: string) => request<{ participant: Participant }>('POST', `${person(roomId, id)}/deny`, {}, token),
  remove: (roomId: string, token: string, id: string) => request<{ participant: Participant }>('DELETE', person(roomId, id), undefined, token),
  setRole: (roomId: string, token: string, id: string, role: Role) => request<{ participant: Participant }>('PATCH', person(roomId, id), { role }, token),
  lock: (roomId: string, token: string, locked: boolean) => request<{ room: RoomInfo }>('POST', `${base(roomId)}/lock`, { locked }, token),
};
