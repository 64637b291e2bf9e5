/**
 * Display accommodations in a real browser: reduced motion stops every transition and animation;
 * forced colours keep focus and pressed states visible; at 200% zoom (720×450 CSS pixels) nothing
 * scrolls sideways and the controls stay reachable; the pad's text size is kept per person.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, createRoomInUi, expectNoErrors, joinInUi, newPerson, type Person } from './harness.js';
import { Keyboard } from './keys.js';
import { briefShot } from './shots.js';

const suite = browserSuite();
const shot = (page: Page, name: string) => briefShot(page, `a11y-${name}`);

/** Elements that move: a transition or an animation of some duration, as computed now. */
function moving(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll('*'))) {
      const s = getComputedStyle(el);
      const seconds = (v: string) => Math.max(...v.split(',').map((x) => parseFloat(x) || 0));
      if ((s.animationName !== 'none' && seconds(s.animationDuration) > 0) || seconds(s.transitionDuration) > 0) out.push(`${el.tagName.toLowerCase()}.${el.className}`);
    }
    return out;
  });
}

/** A person with their own browser context, sized and scaled as given. */
async function personWith(name: string, options: { width: number; height: number; scale?: number }): Promise<Person> {
  const context = await suite.browser.newContext({ viewport: { width: options.width, height: options.height }, deviceScaleFactor: options.scale ?? 1 });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  return { name, context, page, errors };
}

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('display', () => {
  it('prefers-reduced-motion: nothing transitions or animates (the pad caret blinks otherwise)', async () => {
    const ines = await newPerson(suite.browser, 'Ines');
    await createRoomInUi(ines, suite.server.url, 'Still round');
    const keys = new Keyboard(ines.page);
    await keys.tabTo(/^Code pad$/);
    await ines.page.emulateMedia({ reducedMotion: 'no-preference' });
    // The caret's blink starts once the focused editor has drawn its cursor: wait for it.
    await expect.poll(() => moving(ines.page), { message: 'something moves by default (the test can fail)', timeout: 10_000 }).not.toEqual([]);
    await ines.page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await moving(ines.page)).toEqual([]);
    expectNoErrors(ines);
  }, 60_000);

  it('forced colours: the focus ring is thick and in the system highlight, pressed tools are told apart by border', async () => {
    const ines = await newPerson(suite.browser, 'Ines');
    await ines.page.emulateMedia({ forcedColors: 'active' });
    await createRoomInUi(ines, suite.server.url, 'High contrast round');
    expect(await ines.page.evaluate(() => matchMedia('(forced-colors: active)').matches)).toBe(true);
    const keys = new Keyboard(ines.page);
    await keys.tabTo(/^Text view$/);
    const ring = await ines.page.evaluate(() => {
      const s = getComputedStyle(document.activeElement!);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    expect(ring.style).not.toBe('none');
    expect(ring.width).toBeGreaterThanOrEqual(3);
    const borders = await ines.page.evaluate(() => {
      const width = (sel: string) => parseFloat(getComputedStyle(document.querySelector(sel)!).borderTopWidth);
      return { pressed: width('.tool[aria-pressed="true"]'), other: width('.tool[aria-pressed="false"]') };
    });
    expect(borders.pressed).toBeGreaterThan(borders.other);
    expect(borders.other).toBeGreaterThan(0);
    expect(keys.invisible).toEqual([]);
    await ines.page.setViewportSize({ width: 1440, height: 900 });
    await shot(ines.page, 'forced-colors');
    expectNoErrors(ines);
  }, 60_000);

  it('200% zoom (720×450 CSS pixels): no sideways scroll on any page, the key controls reachable and on screen', async () => {
    const ines = await personWith('Ines', { width: 720, height: 450, scale: 2 });
    await ines.page.goto(suite.server.url + '/');
    expect(await sideways(ines.page), 'create page').toBeLessThanOrEqual(0);
    const room = await createRoomInUi(ines, suite.server.url, 'Zoomed round');
    expect(await sideways(ines.page), 'room as interviewer').toBeLessThanOrEqual(0);

    const cy = await personWith('Cy', { width: 720, height: 450, scale: 2 });
    await cy.page.goto(room.invites.candidate);
    expect(await sideways(cy.page), 'join page').toBeLessThanOrEqual(0);
    await joinInUi(cy, room.invites.candidate);
    expect(await sideways(cy.page), 'room as candidate').toBeLessThanOrEqual(0);

    // Reachable: Tab gets to each, and once focused it is inside the window's width. At this width
    // the pad and the board are tabs, and the header's actions sit behind a Menu button.
    const keys = new Keyboard(ines.page);
    const reach = async (name: RegExp, then?: 'Enter') => {
      await keys.tabTo(name);
      const box = await ines.page.evaluate(() => {
        const r = document.activeElement!.getBoundingClientRect();
        return { left: r.left, right: r.right, bottom: r.bottom };
      });
      expect(box.left, `${name} starts on screen`).toBeGreaterThanOrEqual(0);
      expect(box.right, `${name} ends within the window`).toBeLessThanOrEqual(720);
      expect(box.bottom, `${name} scrolled into view`).toBeGreaterThan(0);
      if (then) await keys.press(then);
    };
    await reach(/^Start$/);
    await reach(/^Code pad$/);
    await reach(/^Board$/, 'Enter');
    await reach(/^Text view$/, 'Enter');
    await reach(/^Add shape$/);
    await reach(/^Whiteboard$/);
    await reach(/^Notes$/);
    await reach(/^Menu$/, 'Enter');
    await reach(/^End interview$/);
    await ines.page.evaluate(() => window.scrollTo(0, 0));
    await shot(ines.page, 'zoom-200');

    // A phone (390×844): the board's text view fits its width too.
    const pia = await personWith('Pia', { width: 390, height: 844, scale: 2 });
    await joinInUi(pia, room.invites.observer);
    await new Keyboard(pia.page).tabTo(/^Board$/);
    await pia.page.keyboard.press('Enter');
    await new Keyboard(pia.page).tabTo(/^Text view$/);
    await pia.page.keyboard.press('Enter');
    await pia.page.locator('.board-outline').waitFor();
    expect(await sideways(pia.page), 'phone, text view open').toBeLessThanOrEqual(0);
    await shot(pia.page, 'phone');
    await pia.context.close();
    expectNoErrors(ines, cy);
    await Promise.all([ines.context.close(), cy.context.close()]);
  }, 90_000);

  it('pad text size: kept per person across a reload, never pushed to anyone else', async () => {
    const ines = await newPerson(suite.browser, 'Ines');
    const room = await createRoomInUi(ines, suite.server.url, 'Large print round');
    const cy = await newPerson(suite.browser, 'Cy');
    await joinInUi(cy, room.invites.candidate);
    const size = (page: Page) => page.evaluate(() => getComputedStyle(document.querySelector('.pad .cm-content')!).fontSize);
    expect(await size(cy.page)).toBe('14px');

    const keys = new Keyboard(cy.page);
    await keys.tabTo(/^Text size$/);
    await keys.press('ArrowDown', 'ArrowDown'); // 14 → 16 → 18
    expect(await size(cy.page)).toBe('18px');
    // The notes editor (interviewers) and the code pad both follow; here the candidate's pad only.
    await cy.page.reload();
    await cy.page.locator('.pad .cm-content').waitFor();
    expect(await size(cy.page), 'kept across a reload').toBe('18px');
    expect(await size(ines.page), 'the interviewer keeps theirs').toBe('14px');
    await cy.page.setViewportSize({ width: 1440, height: 900 });
    await shot(cy.page, 'desktop');
    expectNoErrors(ines, cy);
  }, 60_000);
});
