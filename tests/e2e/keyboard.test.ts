/**
 * A whole interview by keyboard alone, in a real browser against a real server: no mouse call, the
 * focus moved only by Tab and shortcuts. The interviewer creates the room, the candidate joins,
 * types and runs code (Ctrl+Enter) and leaves the pad by its documented escape (Esc, then Tab), draws, labels, connects,
 * moves and resizes on the board through its text view and its shortcuts; the interviewer reveals
 * a question, drives the clock, writes notes and ends the interview. Every focus stop on the way
 * must show a visible focus ring.
 */
import { describe, expect, it } from 'vitest';
import type { ShapeData } from '../../shared/schema.js';
import { boardShapes, browserSuite, eventually, expectNoErrors, newPerson, padText, screenshot, waitSynced, type Person } from './harness.js';
import { Keyboard } from './keys.js';

const suite = browserSuite();

interface Seen {
  status: string;
  phaseIndex: number;
  roomStatus: string;
  revealed: string[];
}

function seen(person: Person): Promise<Seen> {
  return person.page.evaluate(() => {
    const snap = window.duetProbe!.snapshot() as unknown as {
      clock: { timer: { status: string; phaseIndex: number } } | null;
      room: { status: string; revealed: { question: { title: string } }[] } | null;
    };
    return {
      status: snap.clock?.timer.status ?? 'none',
      phaseIndex: snap.clock?.timer.phaseIndex ?? -1,
      roomStatus: snap.room?.status ?? 'none',
      revealed: (snap.room?.revealed ?? []).map((r) => r.question.title),
    };
  });
}

const byLabel = (shapes: ShapeData[], label: string) => shapes.find((s) => s.label === label);

describe('keyboard only', () => {
  it('create, join, code, board, question, clock, notes and the end — without a mouse, focus always visible', async () => {
    const ines = await newPerson(suite.browser, 'Ines');
    const cy = await newPerson(suite.browser, 'Cy');
    const ik = new Keyboard(ines.page);
    const ck = new Keyboard(cy.page);

    // The interviewer creates the room.
    await ines.page.goto(suite.server.url + '/');
    await ik.tabTo(/^Title$/);
    await ik.type('Keyboard round');
    await ik.tabTo(/^Your name$/);
    await ik.type('Ines');
    await ik.tabTo(/^Create room$/);
    await ik.press('Enter');
    await ines.page.waitForURL(/\/r\/[^/]+$/);
    await waitSynced(ines.page);

    // The candidate's invite, from the Invites tab (a tab list: Enter opens a tab).
    await ik.tabTo(/^Invites$/);
    await ik.press('Enter');
    const invite = await ines.page.locator('input.invite-url[data-role="candidate"]').inputValue();

    // The candidate joins: the name field has the focus on arrival, Enter submits.
    await cy.page.goto(invite);
    await cy.page.locator('input[name="name"]:focus').waitFor();
    await ck.type('Cy');
    await ck.press('Enter');
    await cy.page.waitForURL(/\/r\/[^/]+$/);
    await waitSynced(cy.page);

    // Code: Tab into the pad, type (Tab indents there), then Esc, Tab leaves it: no keyboard trap.
    await ck.tabTo(/^Code pad$/);
    await ck.type('function add(a, b) {\n');
    await ck.press('Tab');
    await ck.type('return a + b;');
    await eventually(() => padText(ines.page), (t) => expect(t).toContain('return a + b;'));
    expect((await ck.focused()).name).toBe('Code pad');
    // Run it with Ctrl+Enter from the pad; the live region says when the run has finished.
    await ck.press('ArrowDown', 'End', 'Enter');
    await ck.type('console.log(add(2, 3));');
    await ck.press('Control+Enter');
    await eventually(() => cy.page.getByTestId('run-output').innerText(), (t) => expect(t).toContain('5'), 30_000);
    await eventually(() => ines.page.getByTestId('announcer').innerText(), (t) => expect(t).toContain("Cy's run finished."), 30_000);
    await ck.press('Escape', 'Tab');
    expect((await ck.focused()).name, 'Esc then Tab moves the focus out of the pad').not.toBe('Code pad');

    // The board's text view: open it, add a labelled box and a database, connect them with an arrow.
    await ck.tabTo(/^Text view$/);
    await ck.press('Enter');
    await ck.tabTo(/^Its label$/);
    await ck.type('API');
    await ck.press('Enter');
    await ck.tabTo(/^New shape$/, { back: true });
    await ck.press('ArrowDown', 'ArrowDown', 'ArrowDown'); // Rectangle → Ellipse → Diamond → Database
    await ck.tabTo(/^Its label$/);
    await ck.type('Orders');
    await ck.press('Enter');
    await ck.tabTo(/^Arrow label$/);
    await ck.type('reads');
    await ck.press('Enter');
    const drawn = await eventually(
      () => boardShapes(ines.page),
      (shapes) => {
        expect(byLabel(shapes, 'API')?.type).toBe('rect');
        expect(byLabel(shapes, 'Orders')?.type).toBe('database');
        expect(byLabel(shapes, 'reads')).toMatchObject({ type: 'arrow', from: { shape: byLabel(shapes, 'API')!.id }, to: { shape: byLabel(shapes, 'Orders')!.id } });
      },
    );
    const api = byLabel(drawn, 'API')!;

    // Move and resize the box from its line in the list; the live region says where it went.
    await ck.tabTo(/^Rectangle “API”/, { back: true });
    await ck.press('ArrowRight', 'ArrowRight', 'Shift+ArrowDown', 'Alt+ArrowRight', 'Alt+ArrowDown');
    await eventually(
      () => boardShapes(ines.page),
      (shapes) => expect(byLabel(shapes, 'API')).toMatchObject({ x: api.x + 20, y: api.y + 50, w: api.w + 10, h: api.h + 10 }),
    );
    await eventually(() => cy.page.getByTestId('announcer').innerText(), (t) => expect(t).toContain('Resized: Rectangle “API”'));
    // F2 relabels it.
    await ck.press('F2');
    await cy.page.locator('.board-outline input:focus').waitFor();
    await ck.press('Control+A');
    await ck.type('Gateway');
    await ck.press('Enter');
    await eventually(() => boardShapes(ines.page), (shapes) => expect(shapes.find((s) => s.id === api.id)?.label).toBe('Gateway'));

    // The canvas's own shortcuts: a stencil added from the toolbar, labelled with Enter on the board, nudged with an arrow key.
    await ck.tabTo(/^Add Cache$/, { back: true });
    await ck.press('Enter');
    await ck.tabTo(/^Whiteboard$/);
    await ck.press('Enter');
    await ck.press('Control+A');
    await ck.type('Redis');
    await ck.press('Enter');
    const cache = await eventually(() => boardShapes(ines.page), (shapes) => expect(byLabel(shapes, 'Redis')).toBeDefined());
    await ck.press('ArrowUp');
    await eventually(() => boardShapes(ines.page), (shapes) => expect(byLabel(shapes, 'Redis')!.y).toBe(byLabel(cache, 'Redis')!.y - 10));
    await screenshot(cy.page, 'keyboard-candidate');

    // The interviewer goes back to the Question tab and reveals a question from the bank.
    await ik.tabTo(/^Question$/);
    await ik.press('Enter');
    const revealButton = await ik.tabTo(/^Reveal /);
    const title = revealButton.name.replace(/^Reveal /, '');
    await ik.press('Enter');
    await eventually(() => seen(cy), (s) => expect(s.revealed).toContain(title));

    // The clock: Start, then the same button pauses and resumes; Next phase moves on.
    await ik.tabTo(/^Start$/, { back: true });
    await ik.press('Enter');
    await eventually(() => seen(cy), (s) => expect(s.status).toBe('running'));
    // The focus stays on the clock's button, which says what it does now once the server answered.
    // While a command is on its way every clock button is aria-disabled and ignores Enter.
    const settled = () => ines.page.waitForFunction(() => document.activeElement?.getAttribute('aria-disabled') !== 'true');
    const ready = (label: string) =>
      ines.page.waitForFunction((l) => document.activeElement?.textContent?.trim() === l && document.activeElement.getAttribute('aria-disabled') !== 'true', label);
    await ready('Pause');
    await ik.press('Enter');
    await eventually(() => seen(cy), (s) => expect(s.status).toBe('paused'));
    await ready('Resume');
    await ik.press('Enter');
    await eventually(() => seen(cy), (s) => expect(s.status).toBe('running'));
    await ik.tabTo(/^Next phase$/);
    await settled();
    await ik.press('Enter');
    await eventually(() => seen(cy), (s) => expect(s.phaseIndex).toBe(1));

    // Notes: the Notes tab, then type into the notes editor.
    await ik.tabTo(/^Notes$/);
    await ik.press('Enter');
    await ik.tabTo(/^Interviewer notes$/);
    await ik.type('Clear API design.');
    await eventually(
      () => ines.page.evaluate(() => window.duetProbe!.notes()?.getText('notes').toString() ?? ''),
      (t) => expect(t).toContain('Clear API design.'),
    );
    await ik.press('Escape', 'Tab');
    expect((await ik.focused()).name).not.toBe('Interviewer notes');

    // The end, confirmed in the app's dialog: it opens on Cancel, Tab reaches the confirming button.
    await ik.tabTo(/^End interview$/, { back: true });
    await ik.press('Enter');
    await ines.page.getByRole('alertdialog').waitFor();
    expect((await ik.focused()).name).toBe('Cancel');
    await ik.tabTo(/^End (interview|it|for everyone)/i, { max: 5 });
    await ik.press('Enter');
    await eventually(() => seen(cy), (s) => expect(s.roomStatus).toBe('ended'));
    await screenshot(ines.page, 'keyboard-interviewer');

    expect(ik.invisible, 'focus stops without a visible focus ring (interviewer)').toEqual([]);
    expect(ck.invisible, 'focus stops without a visible focus ring (candidate)').toEqual([]);
    expectNoErrors(ines, cy);
  }, 180_000);
});
