// A corpus of XSS payloads as the room title, people's names (People list, cursor labels) and
// whiteboard labels: the room renders them as text and nothing executes.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PAD } from '../../shared/schema.js';
import { connectControl, connectProvider, createRoom, type ControlSocket, type ProviderClient } from '../helpers/clients.js';
import { expectNoErrors, launchBrowser, newPerson, requireBuild, screenshot, startServer, waitSynced } from './harness.js';

const PAYLOADS = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=1</script>',
  '"><svg onload=window.__xss=1>',
  "'><iframe srcdoc='<script>parent.__xss=1</script>'>",
  '<a href="javascript:window.__xss=1">click</a>',
  '</textarea></style><script>window.__xss=1</script>',
  '{{constructor.constructor("window.__xss=1")()}}',
  '<foreignObject><body onload=window.__xss=1>',
  '\u202Eevil\u202C<b onmouseover=window.__xss=1>hi</b>',
];

let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
const sockets: ControlSocket[] = [];
const providers: ProviderClient[] = [];

beforeAll(async () => {
  requireBuild();
  server = await startServer();
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  for (const s of sockets) s.close();
  for (const p of providers) p.destroy();
  await browser?.close();
  await server?.close();
});

describe('XSS corpus', () => {
  it('renders hostile names, title and labels as text, and nothing executes', async () => {
    const room = await createRoom(server.url, { title: PAYLOADS[0]!.slice(0, 100), hostName: 'Host' });
    // People with hostile names, online, with cursors on the pad.
    for (const [i, payload] of PAYLOADS.entries()) {
      const joined = await room.join(i % 2 ? 'observer' : 'candidate', payload.slice(0, 60));
      sockets.push((await connectControl(server.url, joined.token)).socket);
      const pad = await connectProvider(server.wsUrl, room.room.id, 'pad', joined.token);
      pad.provider.awareness.setLocalStateField('cursor', null);
      providers.push(pad);
    }
    // Whiteboard shapes labelled with the corpus.
    const writer = providers[0]!;
    PAYLOADS.forEach((payload, i) => {
      const shape = new Y.Map<unknown>();
      for (const [k, v] of Object.entries({ id: `x${i}`, type: i % 2 ? 'sticky' : 'rect', x: 40 + (i % 3) * 180, y: 40 + Math.floor(i / 3) * 120, w: 160, h: 80, z: i, label: payload })) {
        shape.set(k, v);
      }
      writer.doc.getMap(PAD.shapes).set(`x${i}`, shape);
    });
    writer.doc.getText(PAD.code).insert(0, PAYLOADS.join('\n'));

    const host = await newPerson(browser, 'Host');
    const dialogs: string[] = [];
    host.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await host.page.addInitScript(
      ([key, value]) => sessionStorage.setItem(key, value),
      [`duet:session:${room.room.id}`, JSON.stringify({ token: room.hostToken, participant: room.participant })] as const,
    );
    await host.page.goto(`${server.url}/r/${room.room.id}`);
    await waitSynced(host.page);
    // Every label and name is on the page as text.
    await host.page.waitForFunction(
      (expected) => expected.every((text) => document.body.textContent?.includes(text)),
      ['window.__xss=1</script>', 'onerror="window.__xss=1"'],
      { timeout: 15_000 },
    );
    await host.page.mouse.move(300, 300);
    await host.page.mouse.move(700, 400);
    await screenshot(host.page, 'xss-corpus');

    const verdict = await host.page.evaluate(() => ({
      xss: (window as unknown as { __xss?: number }).__xss,
      injected: document.querySelectorAll('img[src="x"], iframe, foreignObject body, b[onmouseover], a[href^="javascript:"]').length,
      scripts: Array.from(document.scripts).filter((s) => !s.src).length,
    }));
    expect(verdict).toEqual({ xss: undefined, injected: 0, scripts: 0 });
    expect(dialogs).toEqual([]);
    expectNoErrors(host);
    await host.context.close();
  }, 90_000);
});
