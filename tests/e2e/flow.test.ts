/**
 * The interview flow in a real browser: the interviewer reveals a question with starter code and
 * the candidate sees the statement and the code (never the guidance); notes with a timestamp and a
 * scorecard rating; the interviewer ends the interview, the candidate can no longer type, and the
 * report opens.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Question } from '../../shared/questions.js';
import { browserSuite, clickConfirmed, createRoomInUi, eventually, expectNoErrors, joinInUi, newPerson, padText, screenshot } from './harness.js';

const T = 60_000;

const suite = browserSuite();

describe('interview flow', () => {
  it('reveal with starter code, notes and scorecard, end, report', async () => {
    const ines = await newPerson(suite.browser, 'Ines');
    const cara = await newPerson(suite.browser, 'Cara');
    const room = await createRoomInUi(ines, suite.server.url, 'Flow round');
    await joinInUi(cara, room.invites.candidate);
    const token = await ines.page.evaluate((id) => JSON.parse(localStorage.getItem(`duet:session:${id}`) ?? '{}').token as string, room.roomId);

    // A live agenda edit: the first phase becomes 7 minutes, and the candidate's clock follows.
    await ines.page.getByRole('button', { name: 'Edit agenda' }).click();
    const editor = ines.page.getByRole('dialog', { name: 'Edit agenda' });
    await editor.getByLabel('Phase 1 minutes').fill('7');
    await editor.getByRole('button', { name: 'Apply' }).click();
    await editor.waitFor({ state: 'detached' });
    await eventually(() => cara.page.getByTestId('clock').textContent(), (t) => expect(t).toBe('7:00'));

    // The interviewer picks a coding question from the bank and reveals it with its starter code.
    await ines.page.getByRole('tab', { name: 'Question' }).click();
    await ines.page.getByLabel('Kind').selectOption('coding');
    const first = ines.page.locator('.bank-item').first();
    await first.waitFor();
    const questionId = (await first.getAttribute('data-question-id'))!;
    const res = await fetch(`${suite.server.url}/api/questions/${questionId}`, { headers: { authorization: `Bearer ${token}` } });
    const { question } = (await res.json()) as { question: Question };
    await first.getByRole('button', { name: `Reveal ${question.title}` }).click();

    // The candidate sees the statement and the starter code, and none of the guidance.
    const revealed = cara.page.locator(`.revealed-question[data-question-id="${questionId}"]`);
    await revealed.waitFor();
    await expect(revealed.locator('.question-title').textContent()).resolves.toBe(question.title);
    const firstParagraph = question.statement.split(/\n\s*\n/)[0]!.trim();
    expect((await revealed.locator('.statement').first().textContent())!.trim()).toBe(firstParagraph);
    const starter = question.starterCode?.javascript;
    expect(starter).toBeTruthy();
    await eventually(() => padText(cara.page), (t) => expect(t).toContain(starter!.trim().split('\n')[0]));
    expect(await cara.page.locator('.guidance').count()).toBe(0);
    expect(await cara.page.evaluate(() => Object.keys(window.duetProbe!.snapshot().guidance ?? {}).length)).toBe(0);
    const hint = question.guidance.hints[0];
    if (hint) expect(await cara.page.locator('body').innerText()).not.toContain(hint);
    // The interviewer has the guidance beside the revealed question.
    await ines.page.locator(`.revealed-question[data-question-id="${questionId}"] .guidance`).waitFor();
    await screenshot(cara.page, 'flow-revealed-candidate');

    // Notes: a timestamp and a line; the scorecard: a rating.
    await ines.page.getByRole('tab', { name: 'Notes' }).click();
    await ines.page.getByRole('button', { name: 'Timestamp' }).click();
    await ines.page.keyboard.type('clarified the edge cases');
    await ines.page.getByRole('radiogroup', { name: 'Problem solving rating' }).getByLabel('3').check();
    await eventually(
      () =>
        ines.page.evaluate(() => {
          const notes = window.duetProbe!.notes();
          return notes ? { text: notes.getText('notes').toString(), rating: notes.getMap('scorecard').get('rating:problemSolving') } : null;
        }),
      (n) => {
        expect(n?.text).toMatch(/^\[Intro \d+:\d\d\] clarified the edge cases/);
        expect(n?.rating).toBe(3);
      },
    );
    await screenshot(ines.page, 'flow-notes-interviewer');

    // End: the candidate can no longer type.
    await clickConfirmed(ines.page, 'End interview');
    await cara.page.getByTestId('readonly-badge').waitFor();
    const before = await padText(cara.page);
    const pad = cara.page.getByRole('textbox', { name: 'Code pad' });
    await expect(pad.getAttribute('contenteditable')).resolves.toBe('false');
    await pad.click();
    await cara.page.keyboard.type('more code');
    expect(await padText(cara.page)).toBe(before);
    await screenshot(cara.page, 'flow-ended-candidate');

    // The report opens for the interviewer.
    await ines.page.getByRole('link', { name: 'Report', exact: true }).click();
    await ines.page.waitForURL(/\/report$/);
    await expect(ines.page.getByTestId('report').textContent()).resolves.toContain('Flow round');
    await screenshot(ines.page, 'flow-report');
    expectNoErrors(ines, cara);
  }, T);
});

describe('peer mock', () => {
  it('a swap hands the interviewer controls and the notes to the other peer, live', async () => {
    const ana = await newPerson(suite.browser, 'Ana');
    const ben = await newPerson(suite.browser, 'Ben');
    await ana.page.goto(suite.server.url + '/');
    await ana.page.getByLabel('Title').fill('Peer practice');
    await ana.page.getByLabel('Your name').fill('Ana');
    await ana.page.getByLabel('Template').selectOption('peer-mock');
    expect(await ana.page.getByRole('radio', { name: /Peer mock/ }).isChecked()).toBe(true);
    await ana.page.getByRole('button', { name: 'Create room' }).click();
    await ana.page.waitForURL(/\/r\//);
    await ana.page.getByRole('tab', { name: 'Invites' }).click();
    const link = await ana.page.locator('input.invite-url[data-role="candidate"]').inputValue();
    await joinInUi(ben, link);

    const controls = (p: typeof ana) => p.page.getByRole('button', { name: 'Start', exact: true }).count();
    const notesTab = (p: typeof ana) => p.page.getByRole('tab', { name: 'Notes' }).count();
    await eventually(() => Promise.all([controls(ana), controls(ben), notesTab(ana), notesTab(ben)]), (c) => expect(c).toEqual([1, 0, 1, 0]));
    // Round 1: Ana interviews and writes her own notes.
    await ana.page.getByRole('tab', { name: 'Notes' }).click();
    await ana.page.getByRole('textbox', { name: 'Interviewer notes' }).click();
    await ana.page.keyboard.type('ana wrote this about ben');
    await eventually(() => ana.page.evaluate(() => window.duetProbe!.snapshot().save), (s) => expect(s).toBe('saved'));
    await clickConfirmed(ben.page, 'Swap roles');
    await eventually(() => Promise.all([controls(ana), controls(ben), notesTab(ana), notesTab(ben)]), (c) => expect(c).toEqual([0, 1, 0, 1]));
    await expect(ben.page.locator('.room-header .badge.role').textContent()).resolves.toBe('Interviewer');
    await screenshot(ben.page, 'peer-after-swap');

    // After the end, Ana shares her feedback and Ben reads it.
    await clickConfirmed(ben.page, 'End interview');
    await ana.page.getByRole('checkbox', { name: 'Share my feedback' }).check();
    await ben.page.getByRole('tab', { name: 'Peer feedback' }).click();
    await eventually(
      () => ben.page.locator('.notes-panel .cm-content').first().innerText(),
      (t) => expect(t).toContain('ana wrote this about ben'),
    );
    await screenshot(ben.page, 'peer-shared-feedback');
    expectNoErrors(ana, ben);
  }, T);
});

describe('question bank', () => {
  it('an interviewer adds, finds, exports and deletes a question of their own', async () => {
    const ines = await newPerson(suite.browser, 'Ines');
    await createRoomInUi(ines, suite.server.url, 'Bank round');
    const page = ines.page;
    await page.getByRole('tab', { name: 'Question' }).click();
    await page.getByRole('button', { name: 'New', exact: true }).click();
    const form = page.getByRole('form', { name: 'New question' });
    await form.getByLabel('Title').fill('Design a parking lot API');
    await form.getByLabel('Kind').selectOption('system-design');
    await form.getByLabel('Tags (comma separated)').fill('api, Design');
    await form.getByLabel(/^Statement/).fill('Design the API of a parking garage.\n\nCover entry, exit and payment.');
    await form.getByLabel(/^A good answer covers/).fill('Idempotent payments\nCapacity per level');
    await form.getByRole('button', { name: 'Add question' }).click();

    await page.getByLabel('Search questions').fill('parking');
    const item = page.locator('.bank-item', { hasText: 'Design a parking lot API' });
    await item.waitFor();
    // The new question can show before the search has filtered the others out: wait for the filter.
    await expect.poll(() => page.locator('.bank-item').count(), { timeout: 5000 }).toBe(1);

    const [exported] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export', exact: true }).click()]);
    const json = JSON.parse(readFileSync((await exported.path())!, 'utf8')) as { questions: { title: string }[] };
    expect(json.questions.map((q) => q.title)).toContain('Design a parking lot API');

    await item.locator('summary').first().click();
    await item.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No questions match.').waitFor();
    expectNoErrors(ines);
  }, T);
});
