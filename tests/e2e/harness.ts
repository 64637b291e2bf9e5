/**
 * Browser-test plumbing: one real Duet server per file, one Chromium per file, one browser context
 * per person. Console errors and page errors are collected per person and asserted empty.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type * as Y from 'yjs';
import type { ShapeData } from '../../shared/schema.js';

import { findChromium } from '../../scripts/chromium.mjs';
import { startServer, type TestServer } from '../helpers/server.js';

export { startServer };

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const ARTIFACTS = path.join(ROOT, 'artifacts');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** What the room page exposes as `window.duetProbe` (see client/src/pages/RoomPage.tsx). */
interface Probe {
  pad: Y.Doc;
  notes: () => Y.Doc | null;
  boardUndo: Y.UndoManager;
  codeUndo: Y.UndoManager;
  snapshot: () => { status: string; synced: boolean; firstSyncMs: number | null; save: string; you: { id: string; name: string; role: string }; participants: { id: string; name: string; online: boolean }[]; guidance: Record<string, unknown>; clock: { agenda: { minutes: number }[]; timer: { phaseIndex: number } } | null };
}
declare global {
  interface Window {
    duetProbe?: Probe;
  }
}

export function requireBuild(): void {
  if (!existsSync(path.join(ROOT, 'dist', 'index.html'))) {
    throw new Error('dist/index.html is missing: run `npx vite build` (or `npm run build`) before the browser tests.');
  }
}

/** Chromium from `CHROMIUM_PATH`, the system, or the npm package that ships one (scripts/chromium.mjs). */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  const { executablePath } = await findChromium();
  return chromium.launch({ executablePath, args: [...CHROMIUM_ARGS, ...extraArgs], timeout: 30_000 });
}

export interface BrowserSuite {
  browser: Browser;
  server: TestServer;
}

/**
 * One Chromium and one real Duet server for a test file: started before its tests (hooks a file
 * registers afterwards run after this one, so they can use both) and closed after them.
 */
export function browserSuite(extraArgs: string[] = []): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    requireBuild();
    [suite.browser, suite.server] = await Promise.all([launchBrowser(extraArgs), startServer({ logLevel: 'warn' })]);
  }, 60_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.close();
  });
  return suite;
}

export interface Person {
  name: string;
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/** Network noise we cause on purpose (offline tests) is not an application error. */
const EXPECTED_ERRORS = [/ERR_INTERNET_DISCONNECTED/, /ERR_NETWORK_CHANGED/];

/** `options` (a time zone, a viewport) are the browser context's, over the defaults. */
export async function newPerson(browser: Browser, name: string, options: BrowserContextOptions = {}): Promise<Person> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, ...options });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    if (!EXPECTED_ERRORS.some((re) => re.test(text))) errors.push(`console: ${text} (${msg.location().url}:${msg.location().lineNumber})`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  return { name, context, page, errors };
}

export function expectNoErrors(...people: Person[]): void {
  for (const p of people) expect(p.errors, `browser errors for ${p.name}`).toEqual([]);
}

/** Like `expectNoErrors`, excusing what a test causes on purpose (connections refused while the server is down). */
export function expectNoErrorsBut(allowed: RegExp[], ...people: Person[]): void {
  for (const p of people) expect(p.errors.filter((e) => !allowed.some((re) => re.test(e))), `browser errors for ${p.name}`).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

export interface CreatedRoom {
  roomId: string;
  invites: { candidate: string; observer: string; interviewer: string };
}

/** The interviewer creates a room through the form and lands in it. */
export async function createRoomInUi(person: Person, baseUrl: string, title: string, shot?: string): Promise<CreatedRoom> {
  const { page } = person;
  await page.goto(baseUrl + '/');
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Your name').fill(person.name);
  if (shot) await screenshot(page, shot);
  await page.getByRole('button', { name: 'Create room' }).click();
  await page.waitForURL(/\/r\/[^/]+$/);
  await waitSynced(page);
  const roomId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
  // The invite panel opens after creation (tests/e2e/firstuse.test.ts covers it); out of the way here.
  await page.getByTestId('invite-panel').getByRole('button', { name: 'Done' }).click();
  await page.getByRole('tab', { name: 'Invites' }).click();
  const invite = (role: string) => page.locator(`input.invite-url[data-role="${role}"]`).inputValue();
  return { roomId, invites: { candidate: await invite('candidate'), observer: await invite('observer'), interviewer: await invite('interviewer') } };
}

/** Someone opens an invite link, types a name and joins. */
export async function joinInUi(person: Person, inviteUrl: string, shot?: string): Promise<void> {
  const { page } = person;
  await page.goto(inviteUrl);
  await page.getByLabel('Your name').fill(person.name);
  if (shot) await screenshot(page, shot);
  await page.getByRole('button', { name: 'Join' }).click();
  await page.waitForURL(/\/r\/[^/]+$/);
  await waitSynced(page);
}

export async function waitSynced(page: Page): Promise<void> {
  try {
    await page.waitForFunction(() => window.duetProbe?.snapshot().synced === true && window.duetProbe.snapshot().status === 'connected', undefined, {
      timeout: 15_000,
    });
  } catch (err) {
    const state = await page.evaluate(() => {
      const s = window.duetProbe?.snapshot();
      return s ? { status: s.status, synced: s.synced } : { page: document.body.innerText.slice(0, 300) };
    });
    throw new Error(`room never got connected and synced: ${JSON.stringify(state)}`, { cause: err });
  }
}

export function padText(page: Page): Promise<string> {
  return page.evaluate(() => window.duetProbe?.pad.getText('code').toString() ?? '');
}

export function padLanguage(page: Page): Promise<unknown> {
  return page.evaluate(() => window.duetProbe?.pad.getMap('meta').get('language'));
}

export function boardShapes(page: Page): Promise<ShapeData[]> {
  return page.evaluate(() => {
    const out: Record<string, unknown>[] = [];
    window.duetProbe?.pad.getMap('shapes').forEach((value, id) => {
      const map = value as Y.Map<unknown>;
      out.push({ id, ...map.toJSON() });
    });
    return out;
  }) as unknown as Promise<ShapeData[]>;
}

/** Polls `read` until `check` passes or the time is up; the last failure is thrown. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => void, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    try {
      check(value);
      return value;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Clicks `button` and then the same-named confirm button of the in-app dialog it opens. */
export async function clickConfirmed(page: Page, button: string): Promise<void> {
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: button, exact: true }).click();
}

/** Sets the pad's language and replaces its code, from this page (the change syncs to everyone). */
export async function setPad(page: Page, language: string, code: string): Promise<void> {
  await page.evaluate(
    ([language, code]) => {
      const pad = window.duetProbe!.pad;
      pad.transact(() => {
        pad.getMap('meta').set('language', language);
        const text = pad.getText('code');
        text.delete(0, text.length);
        text.insert(0, code);
      });
    },
    [language, code] as const,
  );
}

/** The last run entry on a page: its status and output text. */
export function lastRun(page: Page): Promise<{ status: string; text: string; count: number }> {
  return page.evaluate(() => {
    const entries = document.querySelectorAll<HTMLElement>('[data-testid="run-output"] article');
    const last = entries[entries.length - 1];
    return { status: last?.dataset['status'] ?? '', text: last?.innerText ?? '', count: entries.length };
  });
}
