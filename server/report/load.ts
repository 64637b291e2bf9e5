/**
 * Gathers what a report is built from: the room, its participants, and the documents' contents.
 * Documents are read through the registry (loaded if needed, released after), so a report of a
 * live room shows exactly what its participants see.
 */
import * as Y from 'yjs';
import type { ReportNotes } from '../../shared/report.js';
import { notesDocOf, SEATS, type DocName } from '../../shared/roles.js';
import { decide, docAccess } from '../../shared/policy.js';
import { NOTES, PAD, padLanguage, readScorecard } from '../../shared/schema.js';
import type { DocRegistry } from '../collab/registry.js';
import { policyRoom, type Identity, type RoomService } from '../rooms/index.js';
import { runsOf } from '../run/index.js';
import type { Store } from '../store/index.js';
import { buildReport } from './build.js';
import { peopleLines } from './people.js';
import type { LooseShape } from './svg.js';

async function withDoc<T>(registry: DocRegistry, roomId: string, doc: DocName, read: (ydoc: Y.Doc) => T): Promise<T> {
  const shared = await registry.acquire(roomId, doc);
  try {
    return read(shared.ydoc);
  } finally {
    registry.release(roomId, doc);
  }
}

const readNotes = (ydoc: Y.Doc) => ({
  text: ydoc.getText(NOTES.notes).toString(),
  scorecard: readScorecard(ydoc.getMap(NOTES.scorecard)),
});

/** The report for `who`: notes documents are included only where they could open them. */
export async function loadReport(rooms: RoomService, registry: DocRegistry, who: Identity, store: Store) {
  const room = who.room;
  const mayRead = (doc: DocName) => docAccess(policyRoom(room), who, doc) !== 'none';
  const mayReplay = decide(policyRoom(room), who, { type: 'replay:read' }).ok;
  const participants = (await rooms.participants(room.id, room)).map(({ online: _online, ...p }) => p);
  const { code, shapes } = await withDoc(registry, room.id, 'pad', (ydoc) => ({
    code: { language: padLanguage(ydoc.getMap(PAD.meta).get('language')), text: ydoc.getText(PAD.code).toString() },
    shapes: [...ydoc.getMap<Y.Map<unknown>>(PAD.shapes).values()]
      .filter((s): s is Y.Map<unknown> => s instanceof Y.Map)
      .map((s) => s.toJSON() as LooseShape),
  }));
  const notes: ReportNotes[] = [];
  if (room.mode === 'peer') {
    for (const seat of SEATS) {
      const doc = notesDocOf(seat);
      if (!mayRead(doc)) continue;
      const owner = participants.find((p) => p.seat === seat);
      notes.push({ seat, label: `Seat ${seat.toUpperCase()}${owner ? ` (${owner.name})` : ''}`, ...(await withDoc(registry, room.id, doc, readNotes)) });
    }
  } else if (mayRead('notes')) {
    notes.push({ seat: null, label: 'Interviewers', ...(await withDoc(registry, room.id, 'notes', readNotes)) });
  }
  const events = await store.listEvents(room.id);
  const runs = runsOf(events);
  return { ...buildReport({ room, participants, code, shapes, notes, runs, mayReplay, now: rooms.now() }), people: peopleLines(events, participants) };
}
