// People events in words, pure: as the report lists them and as playback marks them on its scrubber.
import { describe, expect, it } from 'vitest';
import { DEFAULT_AGENDA } from '../../shared/agenda.js';
import type { ReplayResponse } from '../../shared/replay.js';
import { PlaybackModel } from '../../client/src/playback/model.js';
import { peopleLines } from '../../server/report/people.js';
import type { RoomEvent } from '../../server/store/index.js';

const START = 1_700_000_000_000;
const people = [
  { id: 'ivy', name: 'Ivy' },
  { id: 'cam', name: 'Cam' },
  { id: 'oz', name: 'Oz' },
];
const ev = (at: number, kind: RoomEvent['kind'], by: string | null, data: Record<string, unknown> | null): RoomEvent => ({ roomId: 'r', at: START + at, kind, participantId: by, data });
const EVENTS: RoomEvent[] = [
  ev(0, 'create', 'ivy', null),
  ev(1000, 'knock', 'cam', { role: 'candidate', name: 'Cam', seat: null }),
  ev(2000, 'admit', 'ivy', { participantId: 'cam', name: 'Cam', status: 'admitted' }),
  ev(3000, 'role', 'ivy', { participantId: 'oz', name: 'Oz', role: 'interviewer', from: 'observer' }),
  ev(4000, 'lock', 'ivy', { locked: true }),
  ev(5000, 'follow', 'ivy', { on: true }),
  ev(6000, 'remove', 'ivy', { participantId: 'cam', name: 'Cam', status: 'removed' }),
  ev(7000, 'timer', 'ivy', { command: 'start', phaseIndex: 0 }),
];
const TEXTS = [
  'Cam knocked and waited to be let in',
  'Ivy admitted Cam',
  "Ivy changed Oz's role from observer to interviewer",
  'Ivy locked the pad and board',
  'Ivy asked everyone to follow them',
  'Ivy removed Cam',
];

describe('people events', () => {
  it('are listed in the report in words, in order, and nothing else is', () => {
    const lines = peopleLines(EVENTS, people);
    expect(lines.map((l) => l.text)).toEqual(TEXTS);
    expect(lines.map((l) => l.at - START)).toEqual([1000, 2000, 3000, 4000, 5000, 6000]);
  });

  it('are markers on the playback timeline', () => {
    const replay: ReplayResponse = {
      room: { id: 'r', title: 'T', mode: 'interview', agenda: DEFAULT_AGENDA, status: 'ended', createdAt: START, endedAt: START + 8000, guaranteeCoding: false, observersSeeNotes: false, extraTime: 1, observersSendMedia: false, candidatesRun: true, runTimeLimitSec: 10, revealed: [], peer: null },
      participants: people.map((p) => ({ ...p, role: 'interviewer' as const, color: '#000' })),
      start: START,
      end: START + 8000,
      docs: { pad: [] },
      events: EVENTS.map((e) => ({ t: e.at, kind: e.kind, by: e.participantId, data: e.data })),
    };
    const markers = new PlaybackModel(replay).markers.filter((m) => m.kind === 'people');
    expect(markers.map((m) => m.label)).toEqual(TEXTS);
    expect(markers.map((m) => m.at)).toEqual([1000, 2000, 3000, 4000, 5000, 6000]);
  });
});
