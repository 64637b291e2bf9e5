/** The people events of a room (admit, remove, roles, lock, follow) as report lines. Pure. */
import { describePeopleEvent, isPeopleEventKind, type PeopleEventLine } from '../../shared/people.js';
import type { RoomEvent } from '../store/index.js';

export function peopleLines(events: readonly RoomEvent[], participants: readonly { id: string; name: string }[]): PeopleEventLine[] {
  const names = new Map(participants.map((p) => [p.id, p.name]));
  const lines: PeopleEventLine[] = [];
  for (const e of events) {
    if (!isPeopleEventKind(e.kind)) continue;
    lines.push({ at: e.at, kind: e.kind, text: describePeopleEvent(e.kind, e.participantId, e.data, (id) => names.get(id)) });
  }
  return lines;
}
