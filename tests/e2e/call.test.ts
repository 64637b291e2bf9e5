/**
 * Issue 22, must show 1: two people in a room start a call in Chromium with fake camera and
 * microphone, over loopback (no STUN/TURN configured: host candidates), and each sees the other's
 * video play. Nothing starts before the click; the call's state is shown to both.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { browserSuite, createRoomInUi, eventually, expectNoErrors, joinInUi, newPerson, type Person } from './harness.js';

const T = 90_000;
const SHOTS = '/work/briefs/shots';
const suite = browserSuite(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required']);
let alice: Person;
let bob: Person;
let observerInvite = '';

beforeAll(async () => {
  alice = await newPerson(suite.browser, 'Alice');
  bob = await newPerson(suite.browser, 'Bob');
}, T);

/** Size and play position of the first remote video on a page. */
function remoteVideo(page: Page): Promise<{ count: number; width: number; height: number; time: number }> {
  return page.evaluate(() => {
    const videos = Array.from(document.querySelectorAll<HTMLVideoElement>('video[data-testid="call-remote-video"]'));
    const v = videos[0];
    return { count: videos.length, width: v?.videoWidth ?? 0, height: v?.videoHeight ?? 0, time: v?.currentTime ?? 0 };
  });
}

async function expectRemotePlaying(page: Page): Promise<void> {
  const first = await eventually(() => remoteVideo(page), (v) => {
    expect(v.count).toBe(1);
    expect(v.width).toBeGreaterThan(0);
    expect(v.height).toBeGreaterThan(0);
    expect(v.time).toBeGreaterThan(0);
  }, 30_000);
  await eventually(() => remoteVideo(page), (v) => expect(v.time).toBeGreaterThan(first.time), 15_000);
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const [label, size] of [['desktop', { width: 1440, height: 900 }], ['mobile', { width: 390, height: 844 }]] as const) {
    await page.setViewportSize(size);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${SHOTS}/call-${name}-${label}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

describe('call', () => {
  it('two people start a call over loopback and each sees the other’s video play', async () => {
    const room = await createRoomInUi(alice, suite.server.url, 'Call check');
    await joinInUi(bob, room.invites.candidate);
    // Nothing starts before a click: no video element, no call module, no device opened.
    expect(await alice.page.locator('video').count()).toBe(0);
    await shot(bob.page, 'before');

    await alice.page.getByTestId('call-start').click();
    await alice.page.getByTestId('call-leave').waitFor();
    // Bob, not in the call yet, sees that Alice is.
    await eventually(() => bob.page.getByTestId('call-start').textContent(), (text) => expect(text).toBe('Join call (1)'));
    await bob.page.getByTestId('call-start').click();

    await expectRemotePlaying(alice.page);
    await expectRemotePlaying(bob.page);

    // Alice mutes: Bob sees it on her tile.
    await alice.page.getByTestId('call-mic').click();
    await eventually(() => bob.page.locator('.call-tile figcaption').allTextContents(), (captions) => expect(captions.join('|')).toContain('Alice · muted'));
    await shot(alice.page, 'in-call');

    // Bob leaves: Alice's remote video goes, and the button shows the call to him again.
    await bob.page.getByTestId('call-leave').click();
    await eventually(() => remoteVideo(alice.page), (v) => expect(v.count).toBe(0));
    await eventually(() => bob.page.getByTestId('call-start').textContent(), (text) => expect(text).toBe('Join call (1)'));
    expectNoErrors(alice, bob);
    observerInvite = room.invites.observer;
  }, T);

  it('an observer listens until the interviewer lets observers speak, then is seen', async () => {
    const olga = await newPerson(suite.browser, 'Olga');
    await joinInUi(olga, observerInvite);
    await olga.page.getByTestId('call-start').click();
    await olga.page.getByText('You are listening').waitFor();
    expect(await olga.page.getByTestId('call-mic').isDisabled()).toBe(true);
    // Olga receives Alice's video; Alice gets no video from Olga.
    await expectRemotePlaying(olga.page);
    await eventually(() => alice.page.locator('.call-tile figcaption').allTextContents(), (c) => expect(c.join('|')).toContain('Olga · listening'));
    expect(await remoteVideo(alice.page)).toMatchObject({ count: 0 });
    await shot(olga.page, 'observer');

    await alice.page.getByLabel('Observers may speak').check();
    // Olga's dock joins again with the right to send; Alice now sees her video play.
    await eventually(() => olga.page.getByTestId('call-mic').isDisabled(), (disabled) => expect(disabled).toBe(false), 20_000);
    await expectRemotePlaying(alice.page);
    expectNoErrors(alice, olga);
  }, T);
});
