/**
 * Must show 5 (people): follow a person and see the followed pad scroll and board viewport move;
 * an own scroll stops following; "everyone follow me" makes others follow the interviewer.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, createRoomInUi, eventually, expectNoErrors, joinInUi, newPerson, screenshot } from './harness.js';

const T = 90_000;
const suite = browserSuite();

/** The pad's scroll position and the board's pan and zoom, as the page shows them. */
function viewOf(page: Page): Promise<{ padTop: number; board: number[] }> {
  return page.evaluate(() => {
    const scroller = document.querySelector('.cm-scroller');
    const layer = document.querySelector('svg.board-svg > g[transform]');
    const numbers = (layer?.getAttribute('transform') ?? '').match(/-?\d+(\.\d+)?/g)?.map(Number) ?? [];
    return { padTop: scroller?.scrollTop ?? -1, board: numbers };
  });
}

/** Scrolls the pad and pans the board the way a person does: with the mouse wheel over each. */
async function lookAround(page: Page, padLines: number, boardPan: number): Promise<void> {
  const pad = (await page.locator('.cm-scroller').boundingBox())!;
  await page.mouse.move(pad.x + pad.width / 2, pad.y + pad.height / 2);
  await page.mouse.wheel(0, padLines * 21);
  const board = (await page.locator('svg.board-svg').boundingBox())!;
  await page.mouse.move(board.x + board.width / 2, board.y + board.height / 2);
  await page.mouse.wheel(boardPan, boardPan / 2);
}

const close = (a: number, b: number, within: number) => Math.abs(a - b) <= within;

describe('following a person', () => {
  it('5. follows the pad scroll and board viewport of the person clicked, until one scrolls oneself', async () => {
    const ines = await newPerson(suite.browser, 'Ines');
    const carl = await newPerson(suite.browser, 'Carl');
    const room = await createRoomInUi(ines, suite.server.url, 'Follow along');
    await ines.page.evaluate(() => window.duetProbe?.pad.getText('code').insert(0, Array.from({ length: 300 }, (_, i) => `line ${i + 1}`).join('\n')));
    await joinInUi(carl, room.invites.candidate);
    await eventually(() => carl.page.evaluate(() => window.duetProbe?.pad.getText('code').length ?? 0), (n) => expect(n).toBeGreaterThan(2000));

    await lookAround(ines.page, 100, 300);
    const leader = await eventually(() => viewOf(ines.page), (v) => expect(v.padTop).toBeGreaterThan(1000));
    const before = await viewOf(carl.page);
    expect(before.padTop).toBeLessThan(100);

    await carl.page.getByRole('button', { name: 'Ines', exact: true }).click();
    await eventually(
      () => viewOf(carl.page),
      (v) => {
        expect(close(v.padTop, leader.padTop, 25)).toBe(true);
        expect(v.board.length).toBe(3);
        expect(close(v.board[0]!, leader.board[0]!, 2) && close(v.board[1]!, leader.board[1]!, 2)).toBe(true);
      },
    );
    // It keeps following as Ines moves on.
    await lookAround(ines.page, 60, -200);
    const moved = await eventually(() => viewOf(ines.page), (v) => expect(v.padTop).toBeGreaterThan(leader.padTop + 500));
    await eventually(() => viewOf(carl.page), (v) => expect(close(v.padTop, moved.padTop, 25) && close(v.board[0]!, moved.board[0]!, 2)).toBe(true));
    await expect(carl.page.locator('li.person.followed[data-person="Ines"]').count()).resolves.toBe(1);
    await screenshot(carl.page, 'people-follow');

    // Carl's own scroll stops following: Ines moving again no longer moves Carl.
    const pad = (await carl.page.locator('.cm-scroller').boundingBox())!;
    await carl.page.mouse.move(pad.x + pad.width / 2, pad.y + pad.height / 2);
    await carl.page.mouse.wheel(0, -210);
    await eventually(() => carl.page.locator('li.person.followed').count(), (n) => expect(n).toBe(0));
    const own = await viewOf(carl.page);
    await lookAround(ines.page, -120, 100);
    await eventually(() => viewOf(ines.page), (v) => expect(v.padTop).toBeLessThan(moved.padTop - 1000));
    await new Promise((r) => setTimeout(r, 600));
    expect((await viewOf(carl.page)).padTop).toBe(own.padTop);

    // "Everyone follow me": Carl follows Ines again without clicking anything.
    await ines.page.getByRole('button', { name: 'Everyone follow me' }).click();
    await eventually(() => carl.page.locator('li.person.followed[data-person="Ines"]').count(), (n) => expect(n).toBe(1));
    const now = await viewOf(ines.page);
    await eventually(() => viewOf(carl.page), (v) => expect(close(v.padTop, now.padTop, 25)).toBe(true));
    expectNoErrors(ines, carl);
  }, T);
});
