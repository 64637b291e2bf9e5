// The playback model, pure: recent edits tinted by author, one track per person, markers, idle gaps skipped, the clock as it was, `?t=` links.
import { describe, expect, it } from 'vitest';
import { toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import type { ReplayEvent, ReplayResponse, ReplayUpdate } from '../../shared/replay.js';
import { applyTimerCommand, initialTimer, type TimerState } from '../../shared/timer.js';
import { PAD } from '../../shared/schema.js';
import { DEFAULT_AGENDA } from '../../shared/agenda.js';
import { IDLE_GAP_MS, IDLE_LEAD_MS, parseMoment, PlaybackModel } from '../../client/src/playback/model.js';

const START = 1_700_000_000_000;
const people = [
  { id: 'ivy', name: 'Ivy', role: 'interviewer' as const, color: '#2563eb' },
  { id: 'cam', name: 'Cam', role: 'candidate' as const, color: '#16a34a' },
];

/** Two writers typing into one pad; every update logged with its time and author. */
function record(steps: { at: number; by: 'ivy' | 'cam'; text: string }[]): ReplayUpdate[] {
  const docs = { ivy: new Y.Doc(), cam: new Y.Doc() };
  const log: ReplayUpdate[] = [];
  for (const step of steps) {
    const doc = docs[step.by];
    const other = docs[step.by === 'ivy' ? 'cam' : 'ivy'];
    const onUpdate = (u: Uint8Array) => log.push({ t: START + step.at, by: step.by, update: toBase64(u) });
    doc.on('update', onUpdate);
    const code = doc.getText(PAD.code);
    code.insert(code.length, step.text);
    doc.off('update', onUpdate);
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
  }
  return log;
}

function replayOf(pad: ReplayUpdate[], events: ReplayEvent[], end: number): ReplayResponse {
  return {
    room: { id: 'r', title: 'T', mode: 'interview', agenda: DEFAULT_AGENDA, status: 'ended', createdAt: START, endedAt: START + end, guaranteeCoding: false, observersSeeNotes: false, extraTime: 1, observersSendMedia: false, candidatesRun: true, runTimeLimitSec: 10, revealed: [], peer: null },
    participants: people,
    start: START,
    end: START + end,
    docs: { pad },
    events,
  };
}

describe('playback timeline', () => {
  it('attributes every character to the update, and so the person, that typed it', () => {
    const log = record([
      { at: 0, by: 'ivy', text: 'def f():\n' },
      { at: 1000, by: 'cam', text: '  return 1\n' },
    ]);
    const model = new PlaybackModel(replayOf(log, [], 60_000));
    const { spans } = model.padAt(2000);
    expect(spans.map((s) => [s.from, s.to, model.pad.authors[s.update]])).toEqual([
      [0, 9, 'ivy'],
      [9, 20, 'cam'],
    ]);
    // 2 s in, both are recent (Cam's younger); 40 s in, neither.
    const recent = model.recentEdits(spans, 2000);
    expect(recent.map((r) => r.by)).toEqual(['ivy', 'cam']);
    expect(recent[1]!.age).toBeLessThan(recent[0]!.age);
    expect(model.recentEdits(spans, 40_000)).toEqual([]);
  });
});

describe('playback model', () => {
  const steps = [
    { at: 1000, by: 'cam' as const, text: 'a' },
    { at: 2000, by: 'cam' as const, text: 'b' },
    { at: 3000, by: 'ivy' as const, text: 'c' },
    { at: 200_000, by: 'cam' as const, text: 'd' },
  ];
  let timer: TimerState = initialTimer();
  const clock = (at: number, command: 'start' | 'next' | 'pause'): ReplayEvent => {
    const moved = applyTimerCommand(timer, DEFAULT_AGENDA, command, START + at);
    if (!moved.ok) throw new Error(moved.reason);
    timer = moved.state;
    return { t: START + at, kind: 'timer', by: 'ivy', data: { command, phaseIndex: timer.phaseIndex, timer } };
  };
  const events: ReplayEvent[] = [
    { t: START, kind: 'create', by: 'ivy', data: { agenda: DEFAULT_AGENDA, timer: initialTimer() } },
    clock(500, 'start'),
    { t: START + 2500, kind: 'paste', by: 'cam', data: { chars: 120 } },
    { t: START + 2600, kind: 'focus', by: 'cam', data: { focused: false } },
    { t: START + 2700, kind: 'settings', by: 'ivy', data: {} },
    { t: START + 2800, kind: 'run', by: 'cam', data: { language: 'python', status: 'ok', output: 'hi\n', tests: [{ name: 'a', hidden: false, passed: true }, { name: 'b', hidden: true, passed: false }] } },
    clock(120_000, 'next'),
    clock(150_000, 'pause'),
    { t: START + 210_000, kind: 'end', by: 'ivy', data: null },
  ];
  const model = new PlaybackModel(replayOf(record(steps), events, 210_000));

  it('has one track per person, with their edits', () => {
    expect(model.tracks.map((t) => [t.participant.name, t.edits])).toEqual([
      ['Ivy', 1],
      ['Cam', 3],
    ]);
    expect(Math.max(...model.tracks.flatMap((t) => t.density))).toBe(1);
  });

  it('marks phases, pastes, focus changes, runs and the end — not settings', () => {
    expect(model.markers.map((m) => [m.kind, m.at])).toEqual([
      ['phase', 500],
      ['paste', 2500],
      ['focus', 2600],
      ['run', 2800],
      ['phase', 120_000],
      ['phase', 150_000],
      ['end', 210_000],
    ]);
    expect(model.markers[1]!.label).toBe('Cam pasted 120 characters');
    expect(model.markers[2]!.label).toBe("Cam's window lost focus");
    expect(model.markers[3]!.label).toBe('Cam ran python: ok, 1/2 tests passed');
  });

  it('shows the clock as it was', () => {
    expect(model.clockAt(100).view).toMatchObject({ status: 'idle', phaseIndex: 0, elapsedMs: 0 });
    expect(model.clockAt(60_500).view).toMatchObject({ status: 'running', phaseIndex: 0, elapsedMs: 60_000 });
    expect(model.clockAt(130_000).view).toMatchObject({ status: 'running', phaseIndex: 1, elapsedMs: 10_000 });
    expect(model.clockAt(190_000).view).toMatchObject({ status: 'paused', phaseIndex: 1, elapsedMs: 30_000 });
    expect(model.clockAt(130_000).text).toBe(`${DEFAULT_AGENDA[1]!.name} 0:10 / ${DEFAULT_AGENDA[1]!.minutes}:00`);
  });

  it('skips idle gaps when asked, and plays at the chosen speed', () => {
    expect(model.idleGaps[0]).toEqual([3000, 120_000]);
    expect(model.advance(1000, 100, 10, false)).toBe(2000);
    expect(model.advance(3000, 1000, 2, false)).toBe(5000);
    expect(model.advance(3000, 1000, 2, true)).toBe(120_000 - IDLE_LEAD_MS);
    expect(model.advance(209_000, 5000, 5, false)).toBe(210_000);
    expect(model.idleGaps.every(([from, to]) => to - from >= IDLE_GAP_MS)).toBe(true);
  });

  it('reads ?t= links', () => {
    expect(parseMoment('?t=65000')).toBe(65_000);
    expect(parseMoment('?x=1')).toBeNull();
    expect(parseMoment('?t=-5')).toBeNull();
    expect(parseMoment('?t=abc')).toBeNull();
    expect(model.clamp(10_000_000)).toBe(210_000);
  });
});

describe('board mirror', () => {
  it('copies the shapes of each moment into one display document, changing only what differs', async () => {
    const { mirrorShapes } = await import('../../client/src/playback/boardMirror.js');
    const source = new Y.Doc();
    const shapes = source.getMap<Y.Map<unknown>>(PAD.shapes);
    const add = (id: string, fields: Record<string, unknown>) => {
      const m = new Y.Map<unknown>();
      shapes.set(id, m);
      for (const [k, v] of Object.entries(fields)) m.set(k, v);
    };
    add('a', { type: 'rect', x: 1, y: 2, w: 3, h: 4, z: 1, label: 'A' });
    add('b', { type: 'pen', x: 0, y: 0, w: 0, h: 0, z: 2, points: [[1, 2], [3, 4]] });
    const display = new Y.Doc();
    mirrorShapes(shapes.toJSON(), display);
    expect(display.getMap(PAD.shapes).toJSON()).toEqual(shapes.toJSON());
    const before = display.getMap<Y.Map<unknown>>(PAD.shapes).get('b');

    shapes.get('a')!.set('x', 50);
    shapes.get('a')!.delete('label');
    shapes.delete('b');
    add('c', { type: 'ellipse', x: 9, y: 9, w: 9, h: 9, z: 3 });
    let changes = 0;
    display.getMap(PAD.shapes).observeDeep((events) => (changes += events.length));
    mirrorShapes(shapes.toJSON(), display);
    expect(display.getMap(PAD.shapes).toJSON()).toEqual(shapes.toJSON());
    expect(before?._item?.deleted).toBe(true);
    // Mirroring again with nothing changed writes nothing.
    changes = 0;
    mirrorShapes(shapes.toJSON(), display);
    expect(changes).toBe(0);
  });
});
