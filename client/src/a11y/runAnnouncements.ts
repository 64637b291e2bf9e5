/**
 * What the live region says when a run finishes: who ran what, how it ended and, for a tests run,
 * how many passed. Pure: given the runs before and after a change, the sentences to read. The run
 * console's output is a log of its own; these are the short "it is done" news for everyone.
 */
import type { RunRecord } from '../../../shared/run.js';

const ENDINGS: Record<Exclude<RunRecord['status'], 'running'>, string> = {
  ok: 'finished',
  error: 'ended with an error',
  timeout: 'went over the time limit',
  stopped: 'was stopped',
};

export function runFinishedMessage(run: RunRecord): string | null {
  if (run.status === 'running') return null;
  const what = run.kind === 'tests' ? 'tests run' : 'run';
  const tests = run.tests ?? [];
  const passed = tests.filter((t) => t.passed).length;
  const verdict = run.kind === 'tests' && tests.length > 0 ? `: ${passed} of ${tests.length} tests passed` : '';
  return `${run.byName}'s ${what} ${ENDINGS[run.status]}${verdict}.`;
}

/** Runs that were running before (or unseen) and have now ended; runs already finished when first seen are old news. */
export function runAnnouncements(before: readonly RunRecord[] | null, after: readonly RunRecord[]): string[] {
  if (!before) return [];
  const was = new Map(before.map((r) => [r.id, r.status]));
  const out: string[] = [];
  for (const run of after) {
    const previous = was.get(run.id);
    if (previous !== undefined && previous !== 'running') continue;
    const message = runFinishedMessage(run);
    if (message) out.push(message);
  }
  return out;
}
