// What the live region reads out when a run finishes, as a pure function of the runs before and after.
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../shared/run.js';
import { runAnnouncements, runFinishedMessage } from '../../client/src/a11y/runAnnouncements.js';

const run = (over: Partial<RunRecord>): RunRecord => ({
  id: 'r1',
  by: 'p1',
  byName: 'Cy',
  language: 'python',
  kind: 'run',
  status: 'running',
  startedAt: 0,
  durationMs: null,
  output: '',
  truncated: false,
  ...over,
});

describe('run announcements', () => {
  it('say how a run ended and, for tests, how many passed', () => {
    expect(runFinishedMessage(run({ status: 'ok' }))).toBe("Cy's run finished.");
    expect(runFinishedMessage(run({ status: 'error' }))).toBe("Cy's run ended with an error.");
    expect(runFinishedMessage(run({ status: 'timeout' }))).toBe("Cy's run went over the time limit.");
    const tests = [{ name: 'a', hidden: false, passed: true }, { name: 'hidden 1', hidden: true, passed: false }];
    expect(runFinishedMessage(run({ status: 'ok', kind: 'tests', tests }))).toBe("Cy's tests run finished: 1 of 2 tests passed.");
    expect(runFinishedMessage(run({}))).toBeNull();
  });

  it('read a run once, when it goes from running (or unseen) to an end; old runs and the first look are not news', () => {
    expect(runAnnouncements(null, [run({ status: 'ok' })])).toEqual([]);
    expect(runAnnouncements([run({})], [run({})])).toEqual([]);
    expect(runAnnouncements([run({})], [run({ status: 'ok' })])).toEqual(["Cy's run finished."]);
    expect(runAnnouncements([run({ status: 'ok' })], [run({ status: 'ok' })])).toEqual([]);
    // A short run can arrive already finished.
    expect(runAnnouncements([], [run({ id: 'r2', status: 'stopped', byName: 'Ines' })])).toEqual(["Ines's run was stopped."]);
  });
});
