/**
 * First use in a real browser: the invite panel right after creating a room, sessions that survive
 * a new tab, and the interviewer's private link back in after the session is gone. Screenshots go
 * to artifacts/ (and are looked at at 1440×900).
 */
import { describe, expect, it } from 'vitest';
import { browserSuite, expectNoErrors, joinInUi, newPerson, padLanguage, screenshot, waitSynced } from './harness.js';

const suite = browserSuite();
const T = 90_000;

describe('first use', () => {
  it('1. create → the invite panel is visible without clicking anything; its candidate link works', async () => {
    const ines = await newPerson(suite.browser, 'Ines');
    await ines.page.setViewportSize({ width: 1440, height: 900 });
    await ines.page.goto(suite.server.url + '/');
    await ines.page.getByLabel('Title').fill('Backend onsite');
    await ines.page.getByLabel('Your name').fill('Ines');
    await ines.page.getByLabel('Pad language').selectOption('python');
    await ines.page.getByRole('button', { name: 'Create room' }).click();
    await ines.page.waitForURL(/\/r\/[^/]+$/);
    await waitSynced(ines.page);
    // The language chosen on the form is the pad's.
    await expect.poll(() => padLanguage(ines.page), { timeout: 10_000 }).toBe('python');

    const panel = ines.page.getByTestId('invite-panel');
    await expect(panel.isVisible()).resolves.toBe(true);
    await expect(panel.getByRole('heading', { name: 'Invite your candidate' }).isVisible()).resolves.toBe(true);
    const candidateLink = await panel.getByRole('textbox', { name: 'Candidate', exact: true }).inputValue();
    expect(candidateLink).toMatch(/\/join\//);
    // What each role can do is said, and the interviewer's private link is there to bookmark.
    await expect(panel.textContent()).resolves.toContain('Never sees your notes');
    await expect(panel.getByRole('textbox', { name: 'Your private link' }).inputValue()).resolves.toMatch(/\/r\/[^/#]+#key=/);
    await panel.getByRole('button', { name: 'Copy Candidate link' }).waitFor();
    await screenshot(ines.page, 'firstuse-1-invite-panel');

    const cara = await newPerson(suite.browser, 'Cara');
    await joinInUi(cara, candidateLink);
    await expect(cara.page.locator('.room-header .badge.role').textContent()).resolves.toBe('Candidate');
    await expect(cara.page.getByTestId('invite-panel').count()).resolves.toBe(0);
    expect(await padLanguage(cara.page)).toBe('python');

    // Dismissed, it stays dismissed on reload and the header's Invite button brings it back.
    await panel.getByRole('button', { name: 'Done' }).click();
    await ines.page.reload();
    await waitSynced(ines.page);
    await expect(ines.page.getByTestId('invite-panel').count()).resolves.toBe(0);
    await ines.page.getByRole('button', { name: 'Invite', exact: true }).click();
    await expect(ines.page.getByTestId('invite-panel').getByRole('textbox', { name: 'Candidate', exact: true }).inputValue()).resolves.toBe(candidateLink);
    expectNoErrors(ines, cara);
  }, T);

  it('2. a second page opens /r/<room> in the room with the same role; after the session is cleared, the private link brings the interviewer back', async () => {
    const ines = await newPerson(suite.browser, 'Ines');
    await ines.page.setViewportSize({ width: 1440, height: 900 });
    await ines.page.goto(suite.server.url + '/');
    await ines.page.getByLabel('Title').fill('Sessions round');
    await ines.page.getByLabel('Your name').fill('Ines');
    await ines.page.getByRole('button', { name: 'Create room' }).click();
    await ines.page.waitForURL(/\/r\/[^/]+$/);
    await waitSynced(ines.page);
    const roomUrl = ines.page.url();
    const panel = ines.page.getByTestId('invite-panel');
    const privateLink = await panel.getByRole('textbox', { name: 'Your private link' }).inputValue();
    const candidateLink = await panel.getByRole('textbox', { name: 'Candidate', exact: true }).inputValue();
    const me = await ines.page.evaluate(() => window.duetProbe!.snapshot().participants.find((p) => p.name === 'Ines'));

    // A second tab of the same browser: in the room, still the interviewer, the same person.
    const second = await ines.context.newPage();
    await second.setViewportSize({ width: 1440, height: 900 });
    await second.goto(roomUrl);
    await waitSynced(second);
    await expect(second.locator('.room-header .badge.role').textContent()).resolves.toBe('Interviewer');
    await second.getByRole('button', { name: 'Start', exact: true }).waitFor();
    const names = await second.evaluate(() => window.duetProbe!.snapshot().participants.map((p) => p.name));
    expect(names).toEqual(['Ines']);
    await screenshot(second, 'firstuse-2-second-tab');

    // The candidate too: their own browser keeps them in across a new tab.
    const cara = await newPerson(suite.browser, 'Cara');
    await joinInUi(cara, candidateLink);
    const caraTab = await cara.context.newPage();
    await caraTab.goto(cara.page.url());
    await waitSynced(caraTab);
    await expect(caraTab.locator('.room-header .badge.role').textContent()).resolves.toBe('Candidate');
    await caraTab.close();

    // Session gone (signed out): the room says so; the private link brings Ines back as herself.
    await second.close();
    await ines.page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await ines.page.getByRole('alertdialog').getByRole('button', { name: 'Sign out' }).click();
    await ines.page.waitForURL(suite.server.url + '/');
    const fresh = await ines.context.newPage();
    await fresh.goto(roomUrl);
    await fresh.getByRole('heading', { name: 'You are not in this room yet' }).waitFor();
    await fresh.goto(privateLink);
    await waitSynced(fresh);
    expect(new URL(fresh.url()).hash).toBe('');
    await expect(fresh.locator('.room-header .badge.role').textContent()).resolves.toBe('Interviewer');
    const back = await fresh.evaluate(() => window.duetProbe!.snapshot().you);
    expect(back).toMatchObject({ id: me?.id, name: 'Ines', role: 'interviewer' });
    await screenshot(fresh, 'firstuse-2-private-link');
    expectNoErrors(ines, cara);
  }, T);

  it('5. a peer room created through the form has a swap phase in its agenda; seat B joins as "Peer — seat B"; a swap asks first', async () => {
    const ana = await newPerson(suite.browser, 'Ana', { viewport: { width: 1440, height: 900 } });
    await ana.page.goto(suite.server.url + '/');
    await ana.page.getByLabel('Title').fill('Peer practice');
    await ana.page.getByLabel('Your name').fill('Ana');
    await ana.page.getByRole('radio', { name: /Peer mock/ }).check();
    await expect(ana.page.getByLabel('Template').inputValue()).resolves.toBe('peer-mock');
    await expect(ana.page.getByTestId('peer-agenda-note').textContent()).resolves.toContain('swap phase');
    await screenshot(ana.page, 'firstuse-5-peer-form');
    await ana.page.getByRole('button', { name: 'Create room' }).click();
    await ana.page.waitForURL(/\/r\/[^/]+$/);
    await waitSynced(ana.page);
    const kinds = await ana.page.evaluate(() => (window.duetProbe!.snapshot().clock!.agenda as unknown as { kind: string }[]).map((p) => p.kind));
    expect(kinds).toContain('swap');

    const panel = ana.page.getByTestId('invite-panel');
    await panel.getByRole('heading', { name: 'Invite your peer' }).waitFor();
    const seatB = await panel.getByRole('textbox', { name: 'Your peer (seat B)' }).inputValue();
    const ben = await newPerson(suite.browser, 'Ben', { viewport: { width: 1440, height: 900 } });
    await ben.page.goto(seatB);
    await expect(ben.page.locator('.join-form').textContent()).resolves.toContain('You are joining as Peer — seat B');
    await screenshot(ben.page, 'firstuse-5-join-seat-b');
    await joinInUi(ben, seatB);

    // A swap asks first: cancelled, nothing changes; confirmed, Ben interviews.
    const controls = (p: typeof ana) => p.page.getByRole('button', { name: 'Start', exact: true }).count();
    await ben.page.getByRole('button', { name: 'Swap roles' }).click();
    const dialog = ben.page.getByRole('alertdialog', { name: 'Swap roles?' });
    await screenshot(ben.page, 'firstuse-5-swap-confirm');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog.count()).resolves.toBe(0);
    expect(await controls(ben)).toBe(0);
    await ben.page.getByRole('button', { name: 'Swap roles' }).click();
    await dialog.getByRole('button', { name: 'Swap roles' }).click();
    await expect.poll(() => Promise.all([controls(ana), controls(ben)]), { timeout: 10_000 }).toEqual([0, 1]);
    expectNoErrors(ana, ben);
  }, T);

  it('dark mode follows the system, and a choice is kept per person', async () => {
    const ines = await newPerson(suite.browser, 'Ines', { colorScheme: 'dark', viewport: { width: 1440, height: 900 } });
    const theme = () => ines.page.evaluate(() => document.documentElement.dataset['theme']);
    const background = () => ines.page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    await ines.page.goto(suite.server.url + '/');
    await expect.poll(theme).toBe('dark');
    expect(await background()).toBe('rgb(11, 18, 32)');
    await ines.page.getByLabel('Title').fill('Night round');
    await ines.page.getByLabel('Your name').fill('Ines');
    await ines.page.getByRole('button', { name: 'Create room' }).click();
    await waitSynced(ines.page);
    await screenshot(ines.page, 'firstuse-6-dark-room');
    await ines.page.getByTestId('invite-panel').getByRole('button', { name: 'Done' }).click();
    await ines.page.getByLabel('Theme').selectOption('light');
    expect(await theme()).toBe('light');
    await ines.page.reload();
    await waitSynced(ines.page);
    expect(await theme()).toBe('light');
    expect(await background()).toBe('rgb(248, 250, 252)');
    expectNoErrors(ines);
  }, T);
});
