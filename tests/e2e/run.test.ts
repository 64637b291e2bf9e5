/**
 * Issue 15, must show 1, 2, 3 and 6 in Chromium: the candidate runs JavaScript, TypeScript, Python
 * and SQL in their page and the interviewer's page shows the output (and the report records it);
 * `while (true) {}` and `while True: pass` stop within the limit + 1 s, the page stays responsive
 * and the next run works; stdin reaches the program; output over the cap is cut and says so; and
 * while all of it loads and runs, no request leaves the Duet server.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InterviewReport } from '../../shared/report.js';
import { JS_WRONG, PY_SOLUTIONS, PY_WRONG } from '../run/reference.js';
import { browserSuite, createRoomInUi, eventually, expectNoErrors, joinInUi, lastRun, newPerson, setPad, type Person } from './harness.js';

const T = 180_000;
const SHOTS = '/work/briefs/shots';
const suite = browserSuite();
let host: Person;
let cand: Person;
let roomId = '';
/** Every URL either browser asked for (pages, frames, workers). */
const requested: string[] = [];
/** The status of each answer to the Python snapshot's URL. */
const snapshotStatus: number[] = [];

beforeAll(async () => {
  host = await newPerson(suite.browser, 'Ivy');
  cand = await newPerson(suite.browser, 'Cleo');
  for (const p of [host, cand]) {
    p.context.on('request', (r) => requested.push(r.url()));
    p.context.on('response', (r) => r.url().endsWith('/runtimes/python-snapshot') && snapshotStatus.push(r.status()));
  }
  const room = await createRoomInUi(host, suite.server.url, 'Run check');
  roomId = room.roomId;
  await joinInUi(cand, room.invites.candidate);
}, T);

/** Runs the pad from the candidate's page; waits until the interviewer sees it end. */
async function runAndSee(language: string, code: string, done: (text: string) => void, timeoutMs = 30_000): Promise<{ status: string; text: string }> {
  await setPad(cand.page, language, code);
  const before = (await lastRun(host.page)).count;
  await cand.page.getByTestId('run').click();
  return eventually(
    () => lastRun(host.page),
    (r) => {
      expect(r.count).toBeGreaterThan(before);
      expect(r.status).not.toBe('running');
      done(r.text);
    },
    timeoutMs,
  );
}

async function report(): Promise<InterviewReport> {
  return host.page.evaluate(async (id) => {
    const key = `duet:session:${id}`;
    const session = JSON.parse(localStorage.getItem(key) ?? sessionStorage.getItem(key)!) as { token: string };
    const res = await fetch(`/api/rooms/${id}/report`, { headers: { authorization: `Bearer ${session.token}` } });
    return (await res.json()) as InterviewReport;
  }, roomId);
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const [label, size] of [['desktop', { width: 1440, height: 900 }], ['phone', { width: 390, height: 844 }]] as const) {
    await page.setViewportSize(size);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${SHOTS}/run-${name}-${label}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

/** Runs an endless loop and checks it is stopped in time, with the page answering meanwhile. */
async function expectStopped(language: string, code: string, limitSec: number): Promise<void> {
  await setPad(cand.page, language, code);
  const clicked = Date.now();
  await cand.page.getByTestId('run').click();
  await eventually(() => lastRun(cand.page), (r) => expect(r.status).toBe('running'), 10_000);
  // The page stays responsive while the loop spins in its worker: typing lands at once.
  const t0 = Date.now();
  await cand.page.getByTestId('run-stdin').fill('still responsive');
  expect(await cand.page.getByTestId('run-stdin').inputValue()).toBe('still responsive');
  expect(Date.now() - t0).toBeLessThan(2_000);
  const ended = await eventually(() => lastRun(host.page), (r) => expect(r.status).toBe('timeout'), (limitSec + 20) * 1000);
  expect(ended.text).toContain(`time limit (${limitSec} s)`);
  const [run] = (await report()).runs.slice(-1);
  expect(run).toMatchObject({ language, status: 'timeout' });
  // Measured from the program's start (a runtime's loading is not part of the limit).
  expect(run!.durationMs).toBeGreaterThanOrEqual(limitSec * 1000 - 50);
  expect(run!.durationMs).toBeLessThanOrEqual(limitSec * 1000 + 1000);
  expect(Date.now() - clicked).toBeGreaterThanOrEqual(limitSec * 1000);
  await cand.page.getByTestId('run-stdin').fill('');
}

describe('running code in the room', () => {
  it('JavaScript, TypeScript, Python and SQL run in the candidate’s page and show in the interviewer’s page and the report', async () => {
    await runAndSee('javascript', 'const xs = [1, 2, 3];\nconsole.log("js sum", xs.reduce((a, b) => a + b, 0));', (t) => expect(t).toContain('js sum 6'));
    await runAndSee('typescript', 'interface P { n: number }\nconst p: P = { n: 41 };\nconsole.log(`ts ${p.n + 1}`);', (t) => expect(t).toContain('ts 42'));
    await runAndSee('python', 'import math\nprint("py", math.factorial(5))', (t) => expect(t).toContain('py 120'), 90_000);
    await runAndSee('sql', 'CREATE TABLE t (name TEXT, n INT);\nINSERT INTO t VALUES (\'a\', 1), (\'b\', 2);\nSELECT name, n * 10 AS tens FROM t ORDER BY name;', (t) => {
      expect(t).toMatch(/name\s*\|\s*tens/);
      expect(t).toMatch(/b\s*\|\s*20/);
    }, 60_000);
    // The runner's own page shows the same.
    expect((await lastRun(cand.page)).text).toMatch(/b\s*\|\s*20/);
    const runs = (await report()).runs;
    expect(runs.map((r) => [r.language, r.status, r.by])).toEqual([
      ['javascript', 'ok', 'Cleo'],
      ['typescript', 'ok', 'Cleo'],
      ['python', 'ok', 'Cleo'],
      ['sql', 'ok', 'Cleo'],
    ]);
    expect(runs[2]!.output).toContain('py 120');
    await shot(host.page, 'interviewer');
  }, T);

  it('stdin reaches the program; errors show as errors', async () => {
    await cand.page.getByTestId('run-stdin').fill('Ada\nLovelace\n');
    await runAndSee('python', 'first = input()\nlast = input()\nprint(f"hello {first} {last}")', (t) => expect(t).toContain('hello Ada Lovelace'));
    await runAndSee('javascript', 'console.log("js got", readline(), readline());', (t) => expect(t).toContain('js got Ada Lovelace'));
    await cand.page.getByTestId('run-stdin').fill('');
    const failed = await runAndSee('python', 'def f():\n    raise ValueError("bad input")\nf()', (t) => expect(t).toContain('ValueError: bad input'));
    expect(failed.status).toBe('error');
  }, T);

  it('stops endless loops within the limit + 1 s, the page stays responsive, and the next run works', async () => {
    await host.page.locator('.run-bar select').selectOption('5');
    await eventually(() => cand.page.locator(".run-bar select").count(), (n) => expect(n).toBe(0));
    await eventually(() => host.page.locator(".run-bar select").inputValue(), (v) => expect(v).toBe("5"));
    await expectStopped('javascript', 'while (true) {}', 5);
    await runAndSee('javascript', 'console.log("js after the loop")', (t) => expect(t).toContain('js after the loop'));
    await expectStopped('python', 'while True: pass', 5);
    await runAndSee('python', 'print("py after the loop")', (t) => expect(t).toContain('py after the loop'), 60_000);
    // Stop by hand.
    await setPad(cand.page, 'javascript', 'let i = 0; while (true) { i++ }');
    await cand.page.getByTestId('run').click();
    await eventually(() => lastRun(cand.page), (r) => expect(r.status).toBe('running'));
    await cand.page.getByTestId('run-stop').click();
    await eventually(() => lastRun(host.page), (r) => expect(r.status).toBe('stopped'));
    await runAndSee('javascript', 'console.log("after stop")', (t) => expect(t).toContain('after stop'));
  }, T);

  it('cuts output over 64 KB and says so, in the page and the report', async () => {
    await runAndSee('javascript', 'for (let i = 0; i < 200000; i++) console.log("line " + i);', (t) => expect(t).toContain('Output truncated at 64 KB'));
    const [run] = (await report()).runs.slice(-1);
    expect(run).toMatchObject({ truncated: true, status: 'ok' });
    expect(run!.output.length).toBeLessThanOrEqual(64 * 1024);
    expect(run!.output.length).toBeGreaterThan(60 * 1024);
    await shot(cand.page, 'candidate');
  }, T);

  it('Run tests: the candidate runs the visible cases, the interviewer also the hidden ones; pass/fail right for a wrong and a right solution', async () => {
    const id = 'coding-valid-brackets';
    await host.page.getByRole('tab', { name: 'Question' }).click();
    await host.page.getByLabel('Kind').selectOption('coding');
    const item = host.page.locator(`.bank-item[data-question-id="${id}"]`);
    await item.getByRole('button', { name: /^Reveal / }).click();
    await eventually(() => cand.page.getByTestId('run-tests').textContent(), (t) => expect(t).toContain('(3)'), 15_000);

    await setPad(cand.page, 'javascript', JS_WRONG[id]!);
    await cand.page.getByTestId('run-tests').click();
    let seen = await eventually(() => lastRun(host.page), (r) => expect(r.status).toBe('error'));
    expect(seen.text).toContain('2/3 passed');
    expect(seen.text).toMatch(/FAIL crossed pairs|FAIL other characters ignored/);

    // The interviewer's page has the hidden cases too.
    await setPad(host.page, 'python', PY_WRONG[id]!);
    await eventually(() => host.page.getByTestId('run-tests').textContent(), (t) => expect(t).toContain('(6)'));
    await host.page.getByTestId('run-tests').click();
    seen = await eventually(() => lastRun(cand.page), (r) => expect(r.status).toBe('error'), 60_000);
    expect(seen.text).toContain('4/6 passed');
    expect(seen.text).toContain('FAIL hidden 3');
    // The candidate sees the verdict, never the hidden case itself.
    expect(await cand.page.locator('body').innerText()).not.toContain('a{b[c(d)e]f}g(h)[]');

    await setPad(host.page, 'python', PY_SOLUTIONS[id]!);
    await host.page.getByTestId('run-tests').click();
    seen = await eventually(() => lastRun(cand.page), (r) => expect(r.status).toBe('ok'), 60_000);
    expect(seen.text).toContain('6/6 passed');
    const [run] = (await report()).runs.slice(-1);
    expect(run).toMatchObject({ kind: 'tests', status: 'ok', by: 'Ivy' });
    expect(run!.tests).toHaveLength(6);
    expect(run!.tests!.filter((t) => t.hidden).map((t) => t.name)).toEqual(['hidden 1', 'hidden 2', 'hidden 3']);
    await shot(host.page, 'tests');
  }, T);

  it('SQL starts every run from the revealed question’s schema and data', async () => {
    const question = {
      kind: 'coding',
      title: 'Orders per customer',
      difficulty: 'easy',
      statement: 'Count the orders of each customer.',
      sqlSeed: "CREATE TABLE orders (customer TEXT, total INT);\nINSERT INTO orders VALUES ('ada', 10), ('ada', 5), ('bob', 7);",
      guidance: {},
    };
    const created = await host.page.evaluate(async ([id, body]) => {
      const key = `duet:session:${id}`;
      const session = JSON.parse(localStorage.getItem(key) ?? sessionStorage.getItem(key)!) as { token: string };
      const res = await fetch('/api/questions', { method: 'POST', headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return (await res.json()) as { question: { id: string } };
    }, [roomId, question] as const);
    await host.page.getByRole('tab', { name: 'Question' }).click();
    // A search fetches the bank again, with the question just made.
    await host.page.getByPlaceholder('Search…').fill('Orders per customer');
    await host.page.locator(`.bank-item[data-question-id="${created.question.id}"]`).getByRole('button', { name: /^Reveal / }).click();
    await eventually(() => cand.page.locator('.revealed-question').count(), (n) => expect(n).toBeGreaterThanOrEqual(2), 15_000);
    const sql = 'INSERT INTO orders VALUES (\'cy\', 1);\nSELECT customer, count(*) AS n FROM orders GROUP BY customer ORDER BY customer;';
    await runAndSee('sql', sql, (t) => {
      expect(t).toMatch(/ada\s*\|\s*2/);
      expect(t).toMatch(/cy\s*\|\s*1/);
    });
    // The next run starts from the seed again: the row inserted above is gone.
    await runAndSee('sql', 'SELECT count(*) AS rows FROM orders;', (t) => expect(t).toMatch(/rows\s*-+\s*3\b/));
  }, T);

  it('asked nothing of any server but Duet while the runtimes loaded and ran', () => {
    // The Duet server under both its loopback names (invite links use the configured public URL).
    const port = new URL(suite.server.url).port;
    const duet = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
    expect(duet.has(new URL(cand.page.url()).origin) && duet.has(new URL(host.page.url()).origin)).toBe(true);
    // The capture is real: it saw the runtimes the sandbox's workers fetched.
    expect(requested.some((u) => u.endsWith('/runtimes/pyodide/pyodide.asm.wasm'))).toBe(true);
    expect(requested.some((u) => u.endsWith('/runtimes/sqljs/sql-wasm.wasm'))).toBe(true);
    // Python was restored from the build's snapshot (tests/run/runtimes.test.ts serves it).
    expect(snapshotStatus.length).toBeGreaterThan(0);
    expect(snapshotStatus.filter((s) => s !== 200), 'answers to /runtimes/python-snapshot (dist/runtimes/python-snapshot.gz, made by `npx vite build`)').toEqual([]);
    const elsewhere = requested.filter((u) => !u.startsWith('blob:') && !u.startsWith('data:') && !duet.has(new URL(u).origin));
    expect(elsewhere).toEqual([]);
    expectNoErrors(host, cand);
  });
});
