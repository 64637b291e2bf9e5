/**
 * Role-aware behaviour in a real browser: an observer cannot change the pad or the board (and the
 * server drops what it might send anyway), bad links say so, and an ended interview is read-only.
 */
import { describe, expect, it } from 'vitest';
import { boardShapes, browserSuite, clickConfirmed, createRoomInUi, eventually, expectNoErrors, joinInUi, newPerson, padText, screenshot } from './harness.js';

const T = 60_000;

const suite = browserSuite();

describe('roles', () => {
  it('5. an observer cannot change the pad or the board', async () => {
    const ines = await newPerson(suite.browser, 'Ines');
    const olga = await newPerson(suite.browser, 'Olga');
    const room = await createRoomInUi(ines, suite.server.url, 'Observed round');
    await ines.page.getByRole('textbox', { name: 'Code pad' }).click();
    await ines.page.keyboard.type('const answer = 42;');
    await ines.page.locator('button[data-stencil="service"]').click();
    await joinInUi(olga, room.invites.observer);
    const page = olga.page;
    await eventually(() => padText(page), (t) => expect(t).toBe('const answer = 42;'));
    await eventually(() => boardShapes(page), (s) => expect(s.length).toBe(1));

    await expect(page.getByTestId('readonly-badge').textContent()).resolves.toBe('Read-only');
    // The pad refuses typing, the language select is disabled.
    const pad = page.getByRole('textbox', { name: 'Code pad' });
    await expect(pad.getAttribute('contenteditable')).resolves.toBe('false');
    await pad.click();
    await page.keyboard.type('hacked');
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Delete');
    expect(await page.locator('select.language-select').isDisabled()).toBe(true);
    // The board has no drawing tools, stencils or delete, and drags only pan.
    expect(await page.locator('button[data-stencil]').count()).toBe(0);
    expect(await page.locator('button[data-tool]').count()).toBe(0);
    const svc = (await boardShapes(page))[0]!;
    const box = (await page.locator(`[data-shape-id="${svc.id}"]`).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 200, box.y + 150, { steps: 5 });
    await page.mouse.up();
    await page.locator('svg.board-svg').focus();
    // The keys below reach the board's own shortcuts (not just the page), and do nothing.
    expect(await page.evaluate(() => document.activeElement?.matches('svg.board-svg'))).toBe(true);
    for (const key of ['Delete', 'r', 'Control+z']) await page.keyboard.press(key);
    // Nothing changed, not even locally.
    expect(await padText(page)).toBe('const answer = 42;');
    expect((await boardShapes(page)).map((s) => [s.id, s.x, s.y])).toEqual([[svc.id, svc.x, svc.y]]);

    await page.evaluate(() => getSelection()?.removeAllRanges());
    await screenshot(page, '5-observer');
    // Even a change forced into the observer's own document is dropped by the server.
    await page.evaluate(() => window.duetProbe?.pad.getText('code').insert(0, 'forced '));
    await new Promise((r) => setTimeout(r, 800));
    expect(await padText(ines.page)).toBe('const answer = 42;');
    const shapes = await boardShapes(ines.page);
    expect(shapes.map((s) => [s.id, s.x, s.y])).toEqual([[svc.id, svc.x, svc.y]]);

    // Notes stay private until the interviewer lets observers read them, read-only.
    expect(await page.getByRole('tab', { name: 'Notes' }).count()).toBe(0);
    await ines.page.getByRole('tab', { name: 'Notes' }).click();
    await ines.page.getByRole('textbox', { name: 'Interviewer notes' }).click();
    await ines.page.keyboard.type('strong on trade-offs');
    await ines.page.getByLabel('Observers may read these notes').check();
    await page.getByRole('tab', { name: 'Notes' }).click();
    const notes = page.getByRole('textbox', { name: 'Interviewer notes' });
    await eventually(() => notes.innerText(), (t) => expect(t).toContain('strong on trade-offs'));
    await expect(notes.getAttribute('contenteditable')).resolves.toBe('false');
    expect(await page.getByRole('button', { name: 'Timestamp' }).count()).toBe(0);
    expectNoErrors(ines, olga);
    await Promise.all([ines.context.close(), olga.context.close()]);
  }, T);

  it('a bad link says so; an ended interview is read-only and its links say it is over', async () => {
    const ines = await newPerson(suite.browser, 'Ines');
    const cara = await newPerson(suite.browser, 'Cara');
    const late = await newPerson(suite.browser, 'Late');
    await late.page.goto(`${suite.server.url}/join/not-a-real-invite`);
    await expect(late.page.getByTestId('join-problem').locator('h2').textContent()).resolves.toBe('This link does not work');

    const room = await createRoomInUi(ines, suite.server.url, 'Short round');
    await joinInUi(cara, room.invites.candidate);
    // A link sent to the wrong person is revoked; a new one replaces it.
    await ines.page.getByRole('button', { name: 'Revoke Observer links' }).click();
    await ines.page.getByRole('alertdialog').getByRole('button', { name: 'Revoke' }).click();
    await ines.page.getByText('Revoked 1 link.').waitFor();
    await late.page.goto(room.invites.observer);
    await expect(late.page.getByTestId('join-problem').locator('h2').textContent()).resolves.toBe('This link does not work');
    await ines.page.locator('.invite', { hasText: 'Observer' }).getByRole('button', { name: 'Create link' }).click();
    const fresh = await ines.page.locator('input.invite-url[data-role="observer"]').inputValue();
    expect(fresh).not.toBe(room.invites.observer);
    await late.page.goto(fresh);
    await late.page.getByRole('button', { name: 'Join' }).waitFor();
    await clickConfirmed(ines.page, 'End interview');
    for (const p of [ines, cara]) {
      await p.page.getByTestId('readonly-badge').waitFor();
      await expect(p.page.getByRole('textbox', { name: 'Code pad' }).getAttribute('contenteditable')).resolves.toBe('false');
    }
    expect(await cara.page.locator('button[data-stencil]').count()).toBe(0);
    await late.page.goto(room.invites.candidate);
    await expect(late.page.getByTestId('join-problem').locator('h2').textContent()).resolves.toBe('This interview is over');
    await screenshot(cara.page, 'ended-candidate');
    await screenshot(late.page, 'ended-join');
    expectNoErrors(ines, cara);
    // The late joiner's failed requests (401, 410) are the expected answers, logged by Chromium.
    expect(late.errors.filter((e) => !/status of 4(01|10)/.test(e))).toEqual([]);
  }, T);
});
