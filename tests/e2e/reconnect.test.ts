/**
 * The server goes away mid-interview and comes back: the page says it is reconnecting, keeps the
 * edits made meanwhile, and merges them once the server is back, with nothing lost.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createRoomInUi, eventually, expectNoErrorsBut, launchBrowser, newPerson, padText, requireBuild, screenshot, startServer } from './harness.js';
import { tempDir } from '../helpers/server.js';

const T = 60_000;

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>> | null = null;

beforeAll(async () => {
  requireBuild();
  browser = await launchBrowser();
}, T);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('keeps editing through a server restart and merges afterwards', async () => {
  const dataDir = tempDir();
  server = await startServer({ logLevel: 'warn', dataDir });
  const { port } = server;
  const ines = await newPerson(browser, 'Ines');
  await createRoomInUi(ines, server.url, 'Restart round');
  const page = ines.page;
  await page.getByRole('textbox', { name: 'Code pad' }).click();
  await page.keyboard.type('before the restart');
  await eventually(() => page.evaluate(() => window.duetProbe!.snapshot().save), (s) => expect(s).toBe('saved'));

  await server.close();
  server = null;
  await page.locator('.connection[data-status="reconnecting"]').waitFor({ timeout: 15_000 });
  await page.keyboard.type(' / during the outage');
  await screenshot(page, 'reconnecting');

  server = await startServer({ logLevel: 'warn', dataDir, port });
  await page.locator('.connection[data-status="connected"]').waitFor({ timeout: 20_000 });
  await eventually(() => page.evaluate(() => window.duetProbe!.snapshot().save), (s) => expect(s).toBe('saved'), 15_000);
  expect(await padText(page)).toBe('before the restart / during the outage');

  // A reload starts from an empty document: what it shows is what the server stored.
  await page.reload();
  await eventually(() => padText(page), (t) => expect(t).toBe('before the restart / during the outage'), 15_000);
  // Chromium logs each refused reconnect attempt while the server is down; nothing else may appear.
  expectNoErrorsBut([/WebSocket connection to .* failed: .*ERR_CONNECTION_REFUSED/], ines);
}, T);
