/**
 * Accessibility in a real browser: axe-core finds no serious or critical WCAG 2.1 A/AA violation
 * on the pages people meet; the live region announces phase changes and people joining; the
 * extra-time factor changes the clock on every page.
 */
import { describe, expect, it } from 'vitest';
import { browserSuite, createRoomInUi, eventually, expectNoErrors, joinInUi, newPerson, screenshot } from './harness.js';
import { seriousViolations } from './axe.js';
import { briefShot } from './shots.js';

const suite = browserSuite();

const announced = (page: import('playwright-core').Page) => page.getByTestId('announcer').innerText();

describe('accessibility', () => {
  it('axe: the create, join and room pages as every role have no serious or critical violation', async () => {
    const ines = await newPerson(suite.browser, 'Ines');
    await ines.page.goto(suite.server.url + '/');
    expect(await seriousViolations(ines.page), 'create page').toEqual([]);
    const room = await createRoomInUi(ines, suite.server.url, 'Audited round');
    expect(await seriousViolations(ines.page), 'room as interviewer').toEqual([]);

    const cy = await newPerson(suite.browser, 'Cy');
    await cy.page.goto(room.invites.candidate);
    expect(await seriousViolations(cy.page), 'join page').toEqual([]);
    await joinInUi(cy, room.invites.candidate);
    expect(await seriousViolations(cy.page), 'room as candidate').toEqual([]);

    const olga = await newPerson(suite.browser, 'Olga');
    await joinInUi(olga, room.invites.observer);
    expect(await seriousViolations(olga.page), 'room as observer').toEqual([]);
    expectNoErrors(ines, cy, olga);
  }, 90_000);

  it('the live region announces a person joining and a phase change; extra time reaches every clock', async () => {
    const ines = await newPerson(suite.browser, 'Ines');
    const room = await createRoomInUi(ines, suite.server.url, 'Announced round');
    const cy = await newPerson(suite.browser, 'Cy');
    await joinInUi(cy, room.invites.candidate);
    await eventually(() => announced(ines.page), (t) => expect(t).toContain('Cy joined.'));

    await ines.page.getByRole('button', { name: 'Start', exact: true }).click();
    await ines.page.getByRole('button', { name: 'Next phase' }).click();
    for (const page of [ines.page, cy.page]) {
      await eventually(() => announced(page), (t) => expect(t).toMatch(/Phase 2 of \d+: /));
    }

    // Extra time: the interviewer gives 1.5×; both clocks count the current phase from 1.5× its plan.
    await ines.page.getByRole('button', { name: 'Pause' }).click();
    await ines.page.getByRole('button', { name: 'Edit agenda' }).click();
    await ines.page.getByLabel('Extra time').selectOption('1.5');
    for (const page of [ines.page, cy.page]) {
      await eventually(() => page.getByTestId('extra-time').innerText(), (t) => expect(t).toContain('1.5×'));
      const [planned, shown] = await page.evaluate(() => {
        const snap = window.duetProbe!.snapshot();
        const phase = snap.clock!.agenda[snap.clock!.timer.phaseIndex]!;
        return [phase.minutes, document.querySelector('[data-testid="clock"]')!.textContent ?? ''];
      });
      const [m, s] = shown.split(':').map(Number);
      const shownMs = (m! * 60 + s!) * 1000;
      // Paused a few seconds into the phase: the clock shows 1.5× the plan, less those seconds.
      expect(shownMs).toBeGreaterThan(planned * 1.5 * 60_000 - 60_000);
      expect(shownMs).toBeLessThanOrEqual(planned * 1.5 * 60_000);
    }
    await screenshot(cy.page, 'a11y-extra-time');
    expectNoErrors(ines, cy);

    // Leaving is read out too.
    await cy.context.close();
    await eventually(() => announced(ines.page), (t) => expect(t).toContain('Cy left.'), 20_000);
  }, 90_000);

  it("axe: the board's text view, the report page and the playback page have no serious or critical violation", async () => {
    const ines = await newPerson(suite.browser, 'Ines');
    const room = await createRoomInUi(ines, suite.server.url, 'Audited record');
    const cy = await newPerson(suite.browser, 'Cy');
    await joinInUi(cy, room.invites.candidate);
    // Something on the board and in the pad, so the text view, the report and the playback have content.
    await cy.page.getByRole('button', { name: 'Text view' }).click();
    await cy.page.getByLabel('Its label').fill('API');
    await cy.page.getByRole('button', { name: 'Add shape' }).click();
    await cy.page.getByLabel('Its label').fill('Orders');
    await cy.page.getByRole('button', { name: 'Add shape' }).click();
    await cy.page.getByRole('button', { name: 'Connect' }).click();
    await cy.page.locator('.outline-item').nth(2).waitFor();
    expect(await seriousViolations(cy.page), 'room with the board text view').toEqual([]);
    await cy.page.setViewportSize({ width: 1440, height: 900 });
    await cy.page.locator('.outline-item').first().focus();
    await briefShot(cy.page, 'a11y-desktop-text-view');

    await ines.page.goto(`${suite.server.url}/r/${encodeURIComponent(room.roomId)}/report`);
    await ines.page.getByTestId('report').waitFor();
    expect(await seriousViolations(ines.page), 'report page').toEqual([]);
    await ines.page.goto(`${suite.server.url}/r/${encodeURIComponent(room.roomId)}/playback`);
    await ines.page.locator('input.seek').waitFor();
    expect(await seriousViolations(ines.page), 'playback page').toEqual([]);
    expectNoErrors(ines, cy);
  }, 90_000);

  it('the live region warns at 5 minutes and at 1 minute left in a phase', async () => {
    const ines = await newPerson(suite.browser, 'Ines');
    await createRoomInUi(ines, suite.server.url, 'Warned round');
    const plannedMinutes = await ines.page.evaluate(() => window.duetProbe!.snapshot().clock!.agenda[0]!.minutes);
    // The default first phase is 5 minutes or less: starting the clock is already under the first warning.
    expect(plannedMinutes).toBeLessThanOrEqual(5);
    await ines.page.getByRole('button', { name: 'Start', exact: true }).click();
    await eventually(() => announced(ines.page), (t) => expect(t).toContain('5 minutes left in this phase.'));
    expect(await announced(ines.page)).not.toContain('One minute left');

    // The phase shortened to 1 minute: on resuming, the one-minute warning.
    await ines.page.getByRole('button', { name: 'Pause' }).click();
    await ines.page.getByRole('button', { name: 'Edit agenda' }).click();
    const editor = ines.page.getByRole('dialog', { name: 'Edit agenda' });
    await editor.getByLabel('Phase 1 minutes').fill('1');
    await editor.getByRole('button', { name: 'Apply' }).click();
    await editor.waitFor({ state: 'detached' });
    await ines.page.getByRole('button', { name: 'Resume' }).click();
    await eventually(() => announced(ines.page), (t) => expect(t).toContain('One minute left in this phase.'));
    expectNoErrors(ines);
  }, 60_000);
});
