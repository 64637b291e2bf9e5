/**
 * `GET /api/rooms/:id/replay`: the recorded interview, for playback. The documents' update logs
 * exactly as stored (base64, in stored order, with server time and author) and the room's events;
 * the format is `ReplayResponse` in shared/replay.ts. Interviewers, and both peers of a peer mock
 * after its end; each caller gets only the notes documents they may read.
 */
import { Router } from 'express';
import { docAccess } from '../../shared/policy.js';
import type { ReplayResponse, ReplayUpdate } from '../../shared/replay.js';
import { DOC_NAMES, type DocName } from '../../shared/roles.js';
import type { TokenService } from '../auth/index.js';
import { docKey } from '../collab/index.js';
import { authorize, policyRoom, toRoomInfo, type Identity, type RoomService } from '../rooms/index.js';
import type { Store } from '../store/index.js';
import { requireSession, session } from './middleware.js';

async function updatesOf(store: Store, roomId: string, doc: DocName): Promise<ReplayUpdate[]> {
  const stored = await store.listUpdates(docKey(roomId, doc));
  return stored.map((u) => ({ t: u.at, by: u.author, update: Buffer.from(u.update.buffer, u.update.byteOffset, u.update.byteLength).toString('base64') }));
}

/** The replay of `who`'s room, as `who` may see it. */
export async function loadReplay(rooms: RoomService, store: Store, who: Identity): Promise<ReplayResponse> {
  const room = who.room;
  authorize(room, who, { type: 'replay:read' });
  const readable = DOC_NAMES.filter((doc) => docAccess(policyRoom(room), who, doc) !== 'none');
  const [participants, events, ...logs] = await Promise.all([
    rooms.participants(room.id, room),
    store.listEvents(room.id),
    ...readable.map((doc) => updatesOf(store, room.id, doc)),
  ]);
  return {
    room: toRoomInfo(room),
    participants: participants.map(({ online: _online, ...p }) => p),
    start: room.createdAt,
    end: room.endedAt ?? rooms.now(),
    docs: Object.fromEntries(readable.map((doc, i) => [doc, logs[i]!])),
    events: events.map((e) => ({ t: e.at, kind: e.kind, by: e.participantId, data: e.data })),
  };
}

export function replayRouter({ rooms, tokens, store }: { rooms: RoomService; tokens: TokenService; store: Store }): Router {
  const router = Router();
  router.get('/rooms/:id/replay', requireSession(tokens), async (req, res) => {
    const who = await rooms.identify(session(req));
    const replay = await loadReplay(rooms, store, who);
    res.setHeader('Cache-Control', 'no-store');
    res.json(replay);
  });
  return router;
}
