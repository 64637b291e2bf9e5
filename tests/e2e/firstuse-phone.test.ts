/**
 * The room on a phone (390×844) and a tablet (768 wide), in a real browser, as interviewer and as
 * candidate: nothing scrolls sideways, every header action is reachable from the menu, the pad
 * takes the width, and the board and the side panel are a tab away.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, expectNoErrors, joinInUi, newPerson, screenshot, waitSynced, type Person } from './harness.js';

const suite = browserSuite();
const PHONE = { width: 390, height: 844 };

const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);
async function width(page: Page, selector: string): Promise<number> {
  const box = await page.locator(selector).first().boundingBox();
  return box?.width ?? 0;
}

/** Every header action is in the menu and inside the screen. */
async function expectMenuReachable(person: Person, actions: readonly string[]): Promise<void> {
  const { page } = person;
  await page.getByRole('button', { name: 'Menu' }).click();
  for (const name of actions) {
    const action = page.locator('#room-actions').getByRole(name === 'Report' || name === 'Playback' ? 'link' : 'button', { name, exact: true });
    await expect(action.isVisible(), name).resolves.toBe(true);
    const box = (await action.boundingBox())!;
    expect(box.x, name).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, name).toBeLessThanOrEqual(PHONE.width);
    expect(box.y + box.height, name).toBeLessThanOrEqual(PHONE.height);
  }
  await screenshot(page, `firstuse-4-menu-${person.name.toLowerCase()}`);
  await page.keyboard.press('Escape');
  await expect(page.locator('#room-actions').isVisible()).resolves.toBe(false);
}

describe('phone layout', () => {
  it('4. at 390×844, as interviewer and as candidate: no sideways scroll, every header action reachable, the pad at least 350 px wide', async () => {
    const ines = await newPerson(suite.browser, 'Ines', { viewport: PHONE, hasTouch: true });
    await ines.page.goto(suite.server.url + '/');
    expect(await scrollWidth(ines.page)).toBeLessThanOrEqual(PHONE.width);
    await ines.page.getByLabel('Title').fill('Phone round');
    await ines.page.getByLabel('Your name').fill('Ines');
    await ines.page.getByRole('button', { name: 'Create room' }).click();
    await ines.page.waitForURL(/\/r\/[^/]+$/);
    await waitSynced(ines.page);
    const panel = ines.page.getByTestId('invite-panel');
    await screenshot(ines.page, 'firstuse-4-phone-invite');
    const candidateLink = await panel.getByRole('textbox', { name: 'Candidate', exact: true }).inputValue();
    expect(await scrollWidth(ines.page)).toBeLessThanOrEqual(PHONE.width);
    await panel.getByRole('button', { name: 'Done' }).click();

    const cara = await newPerson(suite.browser, 'Cara', { viewport: PHONE, hasTouch: true });
    await joinInUi(cara, candidateLink);

    for (const [person, actions] of [
      [ines, ['Start call', 'Invite', 'Report', 'Playback', 'End interview', 'Sign out']],
      [cara, ['Start call', 'Sign out']],
    ] as const) {
      const { page } = person;
      expect(await scrollWidth(page), `${person.name}: no sideways scroll`).toBeLessThanOrEqual(PHONE.width);
      expect(await width(page, '.pad'), `${person.name}: pad width`).toBeGreaterThanOrEqual(350);
      await screenshot(page, `firstuse-4-phone-${person.name.toLowerCase()}`);
      await expectMenuReachable(person, actions);

      await page.getByRole('tab', { name: 'Board' }).click();
      expect(await width(page, '.board-canvas')).toBeGreaterThanOrEqual(350);
      await expect(page.locator('.pad').isVisible()).resolves.toBe(false);
      await page.getByRole('tab', { name: 'Panel' }).click();
      await expect(page.getByRole('tab', { name: 'Question' }).isVisible()).resolves.toBe(true);
      expect(await width(page, '.sidebar')).toBeGreaterThanOrEqual(350);
      expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
      await screenshot(page, `firstuse-4-phone-panel-${person.name.toLowerCase()}`);
      await page.getByRole('tab', { name: 'Code' }).click();
    }

    // The candidate types on the phone and the interviewer sees it.
    await cara.page.locator('.pad .cm-content').click();
    await cara.page.keyboard.type('print(42)');
    await expect.poll(() => ines.page.evaluate(() => window.duetProbe!.pad.getText('code').toString()), { timeout: 10_000 }).toContain('print(42)');

    // At 768 the pad and the side panel are side by side.
    await ines.page.setViewportSize({ width: 768, height: 1024 });
    await expect.poll(() => ines.page.locator('.sidebar').isVisible()).toBe(true);
    const pad = (await ines.page.locator('.pad').boundingBox())!;
    const side = (await ines.page.locator('.sidebar').boundingBox())!;
    expect(pad.x + pad.width).toBeLessThanOrEqual(side.x + 1);
    expect(pad.width).toBeGreaterThanOrEqual(400);
    expect(await scrollWidth(ines.page)).toBeLessThanOrEqual(768);
    await screenshot(ines.page, 'firstuse-4-tablet-interviewer');
    expectNoErrors(ines, cara);
  }, 120_000);
});
