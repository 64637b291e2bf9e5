/**
 * The report page in a real browser: rendered tables, the whiteboard as a picture (never SVG source
 * as text), times in the browser's time zone, a print stylesheet, and the downloads kept.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { browserSuite, createRoomInUi, eventually, expectNoErrors, newPerson, screenshot } from './harness.js';

const suite = browserSuite();
const ZONE = 'Asia/Kolkata';

describe('report page', () => {
  it('3. renders tables and the whiteboard as a picture, times in the browser time zone; prints without the toolbar', async () => {
    const ines = await newPerson(suite.browser, 'Ines', { timezoneId: ZONE, locale: 'en-US', viewport: { width: 1440, height: 900 } });
    const page = ines.page;
    await createRoomInUi(ines, suite.server.url, 'Report round');

    // Something on the board and in the notes.
    await page.getByRole('button', { name: 'Board', exact: true }).click();
    const c = (await page.locator('svg.board-svg').boundingBox())!;
    await page.getByRole('button', { name: 'Rectangle', exact: true }).click();
    await page.mouse.move(c.x + 100, c.y + 100);
    await page.mouse.down();
    await page.mouse.move(c.x + 200, c.y + 150, { steps: 4 });
    await page.mouse.move(c.x + 300, c.y + 200, { steps: 4 });
    await page.mouse.up();
    await eventually(() => page.evaluate(() => window.duetProbe!.pad.getMap('shapes').size), (n) => expect(n).toBe(1));
    // A new shape says how to label it.
    await page.getByTestId('label-hint').waitFor();
    await screenshot(page, 'firstuse-3-label-hint');
    await page.getByRole('tab', { name: 'Notes' }).click();
    await page.getByRole('textbox', { name: 'Interviewer notes' }).click();
    await page.keyboard.type('Asked good clarifying questions.');
    await page.getByRole('radiogroup', { name: 'Problem solving rating' }).getByLabel('3', { exact: true }).check();
    await eventually(() => page.evaluate(() => window.duetProbe!.snapshot().save), (s) => expect(s).toBe('saved'));

    await page.getByRole('link', { name: 'Report', exact: true }).click();
    await page.waitForURL(/\/report$/);
    const doc = page.getByTestId('report');
    await doc.waitFor();

    // Tables, not pipes.
    const agendaRows = doc.getByTestId('report-agenda').locator('tbody tr');
    await expect(agendaRows.count()).resolves.toBe(5);
    await expect(doc.locator('table').first().locator('td', { hasText: 'Ines' }).count()).resolves.toBe(1);
    const text = await doc.innerText();
    expect(text).not.toContain('|---');
    expect(text).not.toContain('<svg');
    expect(text).toContain('Asked good clarifying questions.');
    expect(text).toContain('3 · Meets the bar');

    // The whiteboard as a loaded picture.
    const board = doc.locator('img.report-board');
    await eventually(() => board.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth), (w) => expect(w).toBeGreaterThan(0));

    // Times in the browser's time zone, the zone named.
    const started = doc.locator('header time').first();
    const iso = (await started.getAttribute('datetime'))!;
    const expected = new Intl.DateTimeFormat('en-US', {
      year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short', timeZone: ZONE,
    }).format(Date.parse(iso));
    await expect(started.textContent()).resolves.toBe(expected);
    expect(expected).toContain('GMT+5:30');
    await screenshot(page, 'firstuse-3-report');

    // Printing: the toolbar is not on paper.
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.report-toolbar').isVisible()).resolves.toBe(false);
    await page.emulateMedia({ media: 'screen' });

    // The downloads stay.
    const [md] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download Markdown' }).click()]);
    expect(readFileSync((await md.path())!, 'utf8')).toContain('Report round');
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download JSON' }).click()]);
    expect(JSON.parse(readFileSync((await json.path())!, 'utf8')).room.title).toBe('Report round');

    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'firstuse-3-report-phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expectNoErrors(ines);
  }, 90_000);
});
