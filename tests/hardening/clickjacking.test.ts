// Clickjacking: another site's page cannot show Duet in a frame (and trick a visitor into clicks
// on it). Every answer carries `frame-ancestors 'none'` and `X-Frame-Options: DENY`, and a real
// Chromium, loading an attacker's page from another origin, refuses to render Duet inside it —
// while it renders the attacker's own framed page, so the check can see a frame that loads.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, requireBuild } from '../e2e/harness.js';
import { createRoom } from '../helpers/clients.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let browser: Browser;
let attacker: http.Server;
let attackerUrl: string;
let framed = '';

beforeAll(async () => {
  requireBuild();
  [server, browser] = await Promise.all([startServer({ logLevel: 'warn' }), launchBrowser()]);
  attacker = http.createServer((req, res) => {
    res.setHeader('content-type', 'text/html');
    if (req.url === '/inner') return res.end('<p id="inner">the attacker can frame its own page</p>');
    res.end(`<iframe id="duet" src="${framed}" width="800" height="600"></iframe><iframe id="own" src="/inner"></iframe>`);
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await new Promise((resolve) => attacker?.close(resolve));
});

describe('frame denial', () => {
  it('sends frame-ancestors none and X-Frame-Options DENY on pages and API answers', async () => {
    for (const p of ['/', '/join/some-invite', '/r/some-room', '/api/rooms/nothing', '/healthz']) {
      const res = await fetch(server.url + p);
      expect(res.headers.get('content-security-policy'), p).toMatch(/(^|;)\s*frame-ancestors 'none'\s*(;|$)/);
      expect(res.headers.get('x-frame-options'), p).toBe('DENY');
    }
  });

  it("does not render in another site's frame, in a real browser", async () => {
    const room = await createRoom(server.url);
    // A join link, the page an attacker would most like to dress up. `localhost` vs the
    // attacker's 127.0.0.1 and another port: another origin.
    framed = room.invites.candidate.url.replace(/^http:\/\/localhost:\d+/, `http://localhost:${server.port}`);
    const context = await browser.newContext();
    const page = await context.newPage();
    const refusals: string[] = [];
    page.on('console', (msg) => {
      if (/frame-ancestors|Refused to (display|frame)/.test(msg.text())) refusals.push(msg.text());
    });
    await page.goto(attackerUrl);
    const own = page.frameLocator('#own').locator('#inner');
    await own.waitFor({ timeout: 10_000 });
    await page.waitForTimeout(500);
    const duetFrame = page.frames().find((f) => f !== page.mainFrame() && !f.url().endsWith('/inner'));
    expect(duetFrame).toBeDefined();
    // Chromium replaces a refused frame with its error page: nothing of Duet is there.
    expect(duetFrame!.url()).not.toContain(`localhost:${server.port}`);
    expect(await duetFrame!.locator('#app, main, button').count()).toBe(0);
    expect(refusals.join('\n')).toContain("frame-ancestors 'none'");
    await context.close();
  });
});
