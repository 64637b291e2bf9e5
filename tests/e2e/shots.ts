/** Screenshots for people to look at (the brief's shots folder, outside the repo); never a reason for a test to fail. */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';

const SHOTS = '/work/briefs/shots';

export async function briefShot(page: Page, name: string): Promise<void> {
  try {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/${name}.png` });
  } catch {
    // A machine without that folder still runs the test.
  }
}
