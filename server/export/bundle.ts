/**
 * Room export and import (shared/export.ts has the bundle's shape).
 *
 * Export reads everything of a room: the record, participants, events, and for every document of
 * the room its state as loaded (what people see) and its full update log (what playback needs).
 *
 * Import makes a new room of a bundle on this server: every id is new (the room's, and each
 * participant's, mapped wherever the bundle names them: events, their data, update authors, the
 * room's flow), so one bundle can be imported twice, or into the server it came from, without
 * clashing. Each document's log is appended as it was (times and authors kept); should the log
 * not hold all of the final state, the difference is appended last, as the server's.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { docExists } from '../../shared/policy.js';
import { PARTICIPANT_STATUSES } from '../../shared/people.js';
import type { CreateRoomResponse } from '../../shared/protocol.js';
import { DOC_NAMES, ROLES, SEATS, type DocName } from '../../shared/roles.js';
import { normalizeTimer, type TimerState } from '../../shared/timer.js';
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportedDocument, type RoomExport } from '../../shared/export.js';
import type { DocRegistry } from '../collab/registry.js';
import { badRequest } from '../errors.js';
import { loadReport } from '../report/load.js';
import { authorize, type Identity, type RoomService } from '../rooms/index.js';
import { newId, newRoomId } from '../rooms/ids.js';
import { ROOM_EVENT_KINDS } from '../store/types.js';
import { initialFlow, type ParticipantRecord, type RoomEvent, type RoomFlow, type RoomRecord, type Store } from '../store/index.js';
import { AgendaSchema } from '../http/schemas.js';
import { withPhaseIds, type Agenda } from '../../shared/agenda.js';

export interface ExportDeps {
  rooms: RoomService;
  registry: DocRegistry;
  store: Store;
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
const unb64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));

/** Updates appended per store call on import: a long interview's log goes in a few large batches. */
const IMPORT_BATCH = 2000;

async function exportDoc(deps: ExportDeps, roomId: string, doc: DocName): Promise<ExportedDocument> {
  const shared = await deps.registry.acquire(roomId, doc);
  try {
    // Once the document's own pending appends are stored, the log and the state agree.
    await shared.whenPersisted();
    const updates = await deps.store.listUpdates(`${roomId}/${doc}`);
    return {
      state: b64(Y.encodeStateAsUpdate(shared.ydoc)),
      updates: updates.map((u) => ({ seq: u.seq, at: u.at, author: u.author, update: b64(u.update) })),
    };
  } finally {
    deps.registry.release(roomId, doc);
  }
}

/** `GET /api/rooms/:id/export`, for `who` as the access policy allows (`room:export`). */
export async function exportRoom(deps: ExportDeps, who: Identity): Promise<RoomExport> {
  authorize(who.room, who, { type: 'room:export' });
  const room = who.room;
  const [participants, events, report] = await Promise.all([
    deps.store.listParticipants(room.id),
    deps.store.listEvents(room.id),
    loadReport(deps.rooms, deps.registry, who, deps.store),
  ]);
  const documents: RoomExport['documents'] = {};
  for (const doc of DOC_NAMES) if (docExists(room.mode, doc)) documents[doc] = await exportDoc(deps, room.id, doc);
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: deps.rooms.now(),
    room: {
      id: room.id,
      title: room.title,
      mode: room.mode,
      agenda: room.agenda,
      status: room.status,
      createdAt: room.createdAt,
      endedAt: room.endedAt,
      timer: room.timer as unknown as Record<string, unknown>,
      flow: room.flow as unknown as Record<string, unknown>,
    },
    participants: participants.map(({ roomId: _roomId, ...p }) => p),
    events: events.map(({ roomId: _roomId, ...e }) => e),
    documents,
    report,
  };
}

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
const DocumentSchema = z.object({
  state: base64,
  updates: z.array(z.object({ seq: z.number(), at: z.number(), author: z.string().max(200).nullable(), update: base64 })),
});
const BundleSchema = z.object({
  format: z.literal(EXPORT_FORMAT, { error: `not a Duet room export (format must be "${EXPORT_FORMAT}")` }),
  version: z.literal(EXPORT_VERSION, { error: `this Duet reads room exports of version ${EXPORT_VERSION}` }),
  exportedAt: z.number(),
  room: z.object({
    id: z.string().min(1).max(200),
    title: z.string().max(200),
    mode: z.enum(['interview', 'peer']),
    agenda: z.array(z.record(z.string(), z.unknown())).min(1),
    status: z.enum(['open', 'ended']),
    createdAt: z.number(),
    endedAt: z.number().nullable(),
    timer: z.record(z.string(), z.unknown()),
    flow: z.record(z.string(), z.unknown()),
  }),
  participants: z
    .array(
      z.object({
        id: z.string().min(1).max(200),
        name: z.string().min(1).max(200),
        role: z.enum(ROLES),
        color: z.string().max(50),
        createdAt: z.number(),
        seat: z.enum(SEATS).nullable(),
        status: z.enum(PARTICIPANT_STATUSES).default('admitted'),
      }),
    )
    .min(1),
  events: z.array(z.object({ at: z.number(), kind: z.enum(ROOM_EVENT_KINDS), participantId: z.string().nullable(), data: z.record(z.string(), z.unknown()).nullable() })),
  documents: z.partialRecord(z.enum(DOC_NAMES), DocumentSchema),
  report: z.unknown(),
});

/** Replaces every old id in a JSON value by its new one (ids are random: no other text matches them). */
function remapJson<T>(value: T, ids: Map<string, string>): T {
  let text = JSON.stringify(value);
  for (const [from, to] of ids) text = text.split(from).join(to);
  return JSON.parse(text) as T;
}

/** The agenda as this server checks a new room's, with the phase ids it had. */
function checkedAgenda(agenda: unknown[]): Agenda {
  const parsed = AgendaSchema.safeParse(agenda.map((phase) => Object.fromEntries(Object.entries(phase as object).filter(([key]) => key !== 'id'))));
  if (!parsed.success) throw badRequest(`room.agenda: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const withIds = withPhaseIds(parsed.data);
  return withIds.map((phase, i) => {
    const id = (agenda[i] as { id?: unknown }).id;
    return typeof id === 'string' ? { ...phase, id } : phase;
  });
}

/** `POST /api/rooms/import`: the bundle as a new room here; answers as room creation does. */
export async function importRoom(deps: ExportDeps, body: unknown): Promise<CreateRoomResponse> {
  const parsed = BundleSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badRequest(`${issue?.path.join('.') || 'bundle'}: ${issue?.message ?? 'invalid'}`);
  }
  const bundle = parsed.data;
  const host = bundle.participants.find((p) => p.role === 'interviewer' && (bundle.room.mode !== 'peer' || p.seat === 'a'));
  if (!host) throw badRequest('participants: the bundle has no interviewer to hand the room to');
  const roomId = newRoomId();
  const ids = new Map<string, string>([[bundle.room.id, roomId]]);
  for (const p of bundle.participants) ids.set(p.id, newId());
  const mapId = (id: string | null): string | null => (id === null ? null : (ids.get(id) ?? id));

  const participants: ParticipantRecord[] = bundle.participants.map((p) => ({ ...p, id: ids.get(p.id)!, roomId }));
  const room: Omit<RoomRecord, 'version'> = {
    id: roomId,
    title: bundle.room.title,
    mode: bundle.room.mode,
    agenda: checkedAgenda(bundle.room.agenda),
    status: bundle.room.status,
    createdAt: bundle.room.createdAt,
    endedAt: bundle.room.endedAt,
    timer: normalizeTimer(bundle.room.timer as Partial<TimerState>),
    flow: { ...initialFlow(bundle.room.mode), ...remapJson(bundle.room.flow, ids) } as RoomFlow,
  };
  const events: RoomEvent[] = bundle.events.map((e) => ({ ...remapJson(e, ids), roomId }));

  const created = await deps.rooms.adopt({ room, participants, events, host: participants.find((p) => p.id === ids.get(host.id))! });
  for (const doc of DOC_NAMES) {
    const exported = bundle.documents[doc];
    if (exported && docExists(room.mode, doc)) await importDoc(deps.store, `${roomId}/${doc}`, exported, mapId);
  }
  return created;
}

async function importDoc(store: Store, name: string, doc: z.infer<typeof DocumentSchema>, mapId: (id: string | null) => string | null): Promise<void> {
  const replayed = new Y.Doc();
  const updates = doc.updates.map((u) => ({ update: unb64(u.update), at: u.at, author: mapId(u.author) }));
  try {
    for (const u of updates) Y.applyUpdate(replayed, u.update);
    for (let i = 0; i < updates.length; i += IMPORT_BATCH) await store.appendUpdates(name, updates.slice(i, i + IMPORT_BATCH));
    const before = Y.encodeStateVector(replayed);
    Y.applyUpdate(replayed, unb64(doc.state));
    const missing = Y.encodeStateAsUpdate(replayed, before);
    // An empty update is two zero bytes (no structs, no deletions); anything more is what the log lacked.
    if (missing.length > 2) await store.appendUpdates(name, [{ update: missing, at: Date.now(), author: 'server' }]);
  } catch (err) {
    if (err instanceof Error && /update|decod|Unexpected end/i.test(err.message)) throw badRequest(`documents: ${name.split('/')[1]} holds an update that is not a Yjs update`);
    throw err;
  } finally {
    replayed.destroy();
  }
}
