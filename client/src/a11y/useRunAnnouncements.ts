/** Reads out in the room's live region each run that finishes (see runAnnouncements.ts). */
import { useEffect, useRef } from 'preact/hooks';
import type { RunRecord } from '../../../shared/run.js';
import { announce } from './announcements.js';
import { runAnnouncements } from './runAnnouncements.js';

export function useRunAnnouncements(runs: readonly RunRecord[]): void {
  const last = useRef<readonly RunRecord[] | null>(null);
  useEffect(() => {
    for (const message of runAnnouncements(last.current, runs)) announce(message);
    last.current = runs;
  }, [runs]);
}
