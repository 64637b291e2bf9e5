/**
 * Must show 3 and 4 in a real browser: the candidate is told what is recorded and sees their own
 * paste and focus events; the interviewer opens the playback, scrubs to a moment and sees that
 * moment's code and board; a `?t=` link opens at its moment.
 */
import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { INTEGRITY_NOTICE } from '../../shared/replay.js';
import { seriousViolations } from './axe.js';
import { browserSuite, createRoomInUi, eventually, expectNoErrors, joinInUi, newPerson, padText, type Person } from './harness.js';

declare global {
  interface Window {
    /** The playback page's probe (client/src/pages/PlaybackPage.tsx). */
    duetPlayback?: { start: number; at: () => number };
  }
}

const T = 90_000;
const SHOTS = '/work/briefs/shots';

const suite = browserSuite();
let ivy: Person;
let cam: Person;
let roomId: string;

beforeAll(async () => {
  [ivy, cam] = await Promise.all([newPerson(suite.browser, 'Ivy'), newPerson(suite.browser, 'Cam')]);
  const room = await createRoomInUi(ivy, suite.server.url, 'Playback round');
  roomId = room.roomId;
  await joinInUi(cam, room.invites.candidate);
}, T);

/** The candidate's page writes the code and one labelled box, as their editor would. */
async function write(page: Page, code: string, box: string): Promise<void> {
  await page.evaluate(
    ([code, box]) => {
      const probe = window.duetProbe!;
      probe.pad.transact(() => {
        const text = probe.pad.getText('code');
        text.delete(0, text.length);
        text.insert(0, code!);
        const shapes = probe.pad.getMap<unknown>('shapes');
        shapes.forEach((_v, id) => shapes.delete(id));
      });
      // A shape is a Y.Map: made through the board's own document type, set field by field.
      const MapType = (probe.pad.getMap('shapes').constructor as unknown as { new (): { set(k: string, v: unknown): void } });
      const shape = new MapType();
      probe.pad.transact(() => {
        probe.pad.getMap<unknown>('shapes').set(`box-${box}`, shape);
        for (const [k, v] of Object.entries({ type: 'rect', x: 40, y: 40, w: 200, h: 80, z: 1, label: box })) shape.set(k, v);
      });
    },
    [code, box],
  );
}

const playbackCode = (page: Page) => page.locator('.playback-pad .cm-content').innerText();
const boardLabels = (page: Page) => page.locator('.playback-board svg.board-svg text').evaluateAll((els) => els.map((e) => e.textContent));

/** Clicks the scrubber where offset `at` (ms from the start) lies. */
async function scrubTo(page: Page, at: number): Promise<void> {
  const box = (await page.locator('input.seek').boundingBox())!;
  const duration = Number(await page.locator('input.seek').getAttribute('max'));
  // The native slider's thumb is inset by half its width at both ends.
  const thumb = 16;
  await page.mouse.click(box.x + thumb / 2 + ((box.width - thumb) * Math.min(at, duration)) / duration, box.y + box.height / 2);
}

describe('playback in the browser', () => {
  it('tells the candidate what is recorded and shows them their own events', async () => {
    const notice = cam.page.getByTestId('integrity-notice');
    await expect.poll(() => notice.innerText()).toContain(INTEGRITY_NOTICE.heading);
    for (const item of INTEGRITY_NOTICE.items) expect(await notice.innerText()).toContain(item);
    // The interviewer is not watched and gets no such notice.
    expect(await ivy.page.getByTestId('integrity-notice').count()).toBe(0);

    // A paste into the pad and a window losing and regaining focus.
    await cam.page.locator('.cm-content').first().click();
    await cam.page.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text/plain', '# pasted solution\n'.repeat(4));
      document.querySelector('.cm-content')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      window.dispatchEvent(new Event('blur'));
      window.dispatchEvent(new Event('focus'));
    });
    await cam.page.getByText(/Your recorded events/).click();
    await eventually(() => cam.page.getByTestId('my-events').innerText(), (t) => {
      expect(t).toMatch(/Paste of 72 characters/);
      expect(t).toMatch(/Window lost focus/);
      expect(t).toMatch(/Window regained focus/);
    });
  }, T);

  it('scrubs to a moment and shows that moment’s code and board', async () => {
    await write(cam.page, 'def first():\n    return 1\n', 'First box');
    await eventually(() => padText(ivy.page), (t) => expect(t).toContain('first'));
    const firstSeen = Date.now();
    await new Promise((r) => setTimeout(r, 1500));
    const secondSent = Date.now();
    await write(cam.page, 'def second():\n    return 2\n', 'Second box');
    await eventually(() => padText(ivy.page), (t) => expect(t).toContain('second'));
    await new Promise((r) => setTimeout(r, 500));

    await ivy.page.getByRole('link', { name: 'Playback' }).click();
    await ivy.page.waitForURL(/\/playback/);
    await ivy.page.locator('input.seek').waitFor();
    const start = await ivy.page.evaluate(() => window.duetPlayback!.start);

    await scrubTo(ivy.page, (firstSeen + secondSent) / 2 - start);
    await eventually(() => playbackCode(ivy.page), (t) => expect(t).toContain('def first():'));
    await eventually(() => boardLabels(ivy.page), (l) => expect(l).toEqual(['First box']));
    expect(await playbackCode(ivy.page)).not.toContain('second');
    // The pasted text is in the pad, and its marker on the candidate's track.
    expect(await ivy.page.locator(`.scrub-row .marker-paste`).count()).toBe(1);
    expect(await ivy.page.locator(`.scrub-row .marker-focus`).count()).toBe(2);

    await scrubTo(ivy.page, Date.now() - start);
    await eventually(() => playbackCode(ivy.page), (t) => expect(t).toContain('def second():'));
    await eventually(() => boardLabels(ivy.page), (l) => expect(l).toEqual(['Second box']));

    // A link to a moment opens there.
    const moment = Math.round((firstSeen + secondSent) / 2 - start);
    await ivy.page.goto(`${suite.server.url}/r/${roomId}/playback?t=${moment}`);
    await eventually(() => playbackCode(ivy.page), (t) => expect(t).toContain('def first():'));
    await eventually(() => boardLabels(ivy.page), (l) => expect(l).toEqual(['First box']));
    expect(await ivy.page.evaluate(() => window.duetPlayback!.at())).toBe(moment);

    // Playing moves the playhead on with the clock (2× here), until paused.
    await ivy.page.getByRole('button', { name: '2×' }).click();
    await ivy.page.getByRole('button', { name: 'Play', exact: true }).click();
    await eventually(() => ivy.page.evaluate(() => window.duetPlayback!.at()), (at) => expect(at).toBeGreaterThan(moment + 200));
    // Space pauses (the page's own shortcut; the buttons say so).
    await ivy.page.locator('input.seek').focus();
    await ivy.page.keyboard.press('Space');
    await ivy.page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    const paused = await ivy.page.evaluate(() => window.duetPlayback!.at());
    await new Promise((r) => setTimeout(r, 300));
    expect(await ivy.page.evaluate(() => window.duetPlayback!.at())).toBe(paused);
    await ivy.page.goto(`${suite.server.url}/r/${roomId}/playback?t=${moment}`);
    await eventually(() => playbackCode(ivy.page), (t) => expect(t).toContain('def first():'));

    // No serious or critical accessibility violations on the playback page.
    expect(await seriousViolations(ivy.page)).toEqual([]);

    mkdirSync(SHOTS, { recursive: true });
    await ivy.page.setViewportSize({ width: 1440, height: 900 });
    await ivy.page.screenshot({ path: `${SHOTS}/playback-desktop.png` });
    await ivy.page.setViewportSize({ width: 390, height: 844 });
    await ivy.page.screenshot({ path: `${SHOTS}/playback-phone.png` });
    await cam.page.setViewportSize({ width: 1440, height: 900 });
    await cam.page.screenshot({ path: `${SHOTS}/playback-candidate-notice.png` });
    expectNoErrors(ivy, cam);
  }, T);
});
