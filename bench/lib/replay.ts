/**
 * The replay scenario (issue 16): a 60-minute interview whose log holds 30,000 pad updates and
 * 2,000 board updates. How long `GET /api/rooms/:id/replay` takes on loopback (target < 500 ms),
 * and how long a seek takes to show the right state (target < 100 ms): in the timeline model that
 * the page uses, and — when Chromium and the built client are there — in the browser, from moving
 * the scrubber to the frame that shows the new state.
 *
 * The log is written into the server's store directly (the server stopped), with times spread
 * over the hour as a real interview's would be; sending 32,000 updates over a socket would give
 * the same log squeezed into seconds.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import type { CreateRoomResponse, JoinResponse } from '../../shared/protocol.js';
import type { ReplayResponse } from '../../shared/replay.js';
import { PAD } from '../../shared/schema.js';
import { padMoment } from '../../client/src/playback/model.js';
import { DocTimeline } from '../../client/src/playback/timeline.js';
import { SqliteStore } from '../../server/store/index.js';
import type { NewUpdate } from '../../server/store/types.js';
import type { Figure, ScenarioResult } from './scenarios.js';
import { isDuet, REPO_ROOT, type ServerProcess } from './servers.js';
import { median } from './stats.js';

export interface ReplayConfig {
  padUpdates: number;
  boardUpdates: number;
  minutes: number;
  seeks: number;
  /** Seeks measured in the browser (0: none). */
  browserSeeks: number;
}

export const REPLAY_FULL: ReplayConfig = { padUpdates: 30_000, boardUpdates: 2_000, minutes: 60, seeks: 200, browserSeeks: 30 };
export const REPLAY_QUICK: ReplayConfig = { padUpdates: 2_000, boardUpdates: 200, minutes: 10, seeks: 20, browserSeeks: 0 };

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))] ?? 0;

/** An interview's pad log: the candidate types (and now and then deletes), everyone draws a little. */
export function interviewLog(cfg: ReplayConfig, start: number, authors: string[]): NewUpdate[] {
  const doc = new Y.Doc();
  const code = doc.getText(PAD.code);
  const shapes = doc.getMap<Y.Map<unknown>>(PAD.shapes);
  const total = cfg.padUpdates + cfg.boardUpdates;
  const span = cfg.minutes * 60_000;
  const log: NewUpdate[] = [];
  let at = start;
  let author = authors[0]!;
  doc.on('update', (update: Uint8Array) => log.push({ update, author, at }));
  let seed = 16;
  const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let i = 0; i < total; i++) {
    at = start + Math.floor(((i + 1) / (total + 1)) * span);
    author = authors[i % 10 === 0 ? 1 % authors.length : 0]!;
    if (i % Math.ceil(total / cfg.boardUpdates) === 0) {
      const id = `s${shapes.size % 60}`;
      const shape = shapes.get(id);
      if (shape) shape.set('x', Math.round(random() * 800));
      else {
        doc.transact(() => {
          const s = new Y.Map<unknown>();
          shapes.set(id, s);
          for (const [k, v] of Object.entries({ type: 'rect', x: 40, y: 40, w: 120, h: 60, z: shapes.size, label: `service ${id}` })) s.set(k, v);
        });
      }
    } else if (random() < 0.1 && code.length > 10) {
      code.delete(Math.floor(random() * (code.length - 2)), 1);
    } else {
      const line = code.toString().lastIndexOf('\n');
      code.insert(random() < 0.8 ? code.length : Math.max(0, line), random() < 0.07 ? '\n' : 'abcdefghij'[i % 10]!);
    }
  }
  return log;
}

/** Seeks in the browser: move the scrubber, wait for the frame after the pad and board re-rendered. */
async function browserSeeks(baseUrl: string, roomId: string, session: unknown, duration: number, n: number): Promise<{ load: number; seeks: number[] } | string> {
  if (!existsSync(path.join(REPO_ROOT, 'dist', 'index.html'))) return 'browser seeks skipped: the client is not built (npm run build)';
  const { chromium } = await import('playwright-core');
  const { findChromium } = await import('../../scripts/chromium.mjs');
  const { executablePath } = await findChromium();
  const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.addInitScript(([key, value]) => sessionStorage.setItem(key!, value!), [`duet:session:${roomId}`, JSON.stringify(session)]);
    const t0 = Date.now();
    await page.goto(`${baseUrl}/r/${roomId}/playback`);
    await page.locator('input.seek').waitFor({ timeout: 60_000 });
    const load = Date.now() - t0;
    // A string, not a function: tsx's transform would add helpers the page does not have.
    const seeks = (await page.evaluate(`(async () => {
      const input = document.querySelector('input.seek');
      const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));
      const out = [];
      let seed = 7;
      for (let i = 0; i < ${n}; i++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        const t0 = performance.now();
        input.value = String(Math.floor((seed / 0x7fffffff) * ${duration}));
        input.dispatchEvent(new Event('input', { bubbles: true }));
        // Preact renders on the next frame; by the frame after that it has been painted.
        await frame();
        await frame();
        out.push(performance.now() - t0);
      }
      return out;
    })()`)) as number[];
    return { load, seeks };
  } finally {
    await browser.close();
  }
}

export async function scenarioReplay(server: ServerProcess, cfg: ReplayConfig): Promise<ScenarioResult> {
  const title = `replay of a ${cfg.minutes}-minute interview: ${cfg.padUpdates} pad + ${cfg.boardUpdates} board updates`;
  if (!isDuet(server.kind)) return { scenario: 'replay', title, server: server.kind, figures: [], converged: true, notes: ['the reference server has no replay'] };
  const created = (await (await fetch(`${server.baseUrl}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"hostName":"Ivy"}' })).json()) as CreateRoomResponse;
  const joined = (await (
    await fetch(`${server.baseUrl}/api/rooms/${created.room.id}/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ invite: created.invites.candidate.token, name: 'Cam' }) })
  ).json()) as JoinResponse;
  const roomId = created.room.id;

  await server.stop();
  const log = interviewLog(cfg, created.room.createdAt, [joined.participant.id, created.participant.id]);
  const store = SqliteStore.openDataDir(server.dataDir);
  for (let i = 0; i < log.length; i += 1000) await store.appendUpdates(`${roomId}/pad`, log.slice(i, i + 1000));
  // The interview ended when its hour was up (the log runs into the future of the room's creation).
  const room = (await store.getRoom(roomId))!;
  await store.updateRoom(roomId, room.version, { status: 'ended', endedAt: room.createdAt + cfg.minutes * 60_000 + 1000 });
  // The store's checkpoint worker is unref'd: with nothing else pending here, awaiting its exit
  // would let the process run out of work and quit. A timer keeps it alive until the store closed.
  const keepAlive = setInterval(() => undefined, 1000);
  await store.close().finally(() => clearInterval(keepAlive));
  await server.restart();

  const fetchReplay = async () => {
    const t0 = performance.now();
    const res = await fetch(`${server.baseUrl}/api/rooms/${roomId}/replay`, { headers: { authorization: `Bearer ${created.hostToken}` } });
    const text = await res.text();
    return { ms: performance.now() - t0, text };
  };
  const first = await fetchReplay();
  const served: number[] = [];
  for (let i = 0; i < 5; i++) served.push((await fetchReplay()).ms);
  const replay = JSON.parse(first.text) as ReplayResponse;
  const pad = replay.docs.pad ?? [];

  const t0 = performance.now();
  const timeline = new DocTimeline(pad, [PAD.code]);
  const buildMs = performance.now() - t0;
  const seeks: number[] = [];
  let seed = 3;
  for (let i = 0; i < cfg.seeks; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const at = replay.start + Math.floor((seed / 0x7fffffff) * (cfg.minutes * 60_000));
    // What the page reads for a moment: the code with who typed what, the language, the board.
    const s0 = performance.now();
    padMoment(timeline, timeline.countAt(at));
    seeks.push(performance.now() - s0);
  }
  // The end state rebuilt from the served log equals the log written.
  const written = new Y.Doc();
  for (const u of log) Y.applyUpdate(written, u.update);
  const rebuilt = timeline.docAt(replay.end);
  const shown = padMoment(timeline, timeline.countAt(replay.end));
  const exact =
    pad.length === log.length &&
    pad.every((u, i) => u.update === toBase64(log[i]!.update)) &&
    rebuilt.getText(PAD.code).toString() === written.getText(PAD.code).toString() &&
    shown.code === rebuilt.getText(PAD.code).toString() &&
    JSON.stringify(shown.shapes) === JSON.stringify(rebuilt.getMap(PAD.shapes).toJSON());

  const notes: string[] = [];
  const figures: Figure[] = [
    { key: 'replayServedFirst', label: 'GET /replay, first after a restart', unit: 'ms', value: first.ms, better: 'lower' },
    { key: 'replayServed', label: 'GET /replay, median of 5', unit: 'ms', value: median(served), better: 'lower' },
    { key: 'replayServedMax', label: 'GET /replay, max of 5', unit: 'ms', value: Math.max(...served), better: 'lower' },
    { key: 'replayBytes', label: 'replay size (JSON, uncompressed)', unit: 'MB', value: first.text.length / 1e6, better: 'info' },
    { key: 'timelineBuild', label: 'timeline built from it (history document), Node', unit: 'ms', value: buildMs, better: 'lower' },
    { key: 'seekP50', label: `seek to a random moment, timeline model, p50 of ${cfg.seeks}`, unit: 'ms', value: median(seeks), better: 'lower' },
    { key: 'seekP95', label: 'seek, timeline model, p95', unit: 'ms', value: p95(seeks), better: 'lower' },
    { key: 'seekMax', label: 'seek, timeline model, max', unit: 'ms', value: Math.max(...seeks), better: 'lower' },
  ];
  if (cfg.browserSeeks > 0) {
    const session = { token: created.hostToken, participant: created.participant };
    const inBrowser = await browserSeeks(server.baseUrl, roomId, session, cfg.minutes * 60_000, cfg.browserSeeks).catch((err: unknown) => `browser seeks failed: ${String(err)}`);
    if (typeof inBrowser === 'string') notes.push(inBrowser);
    else {
      figures.push(
        { key: 'browserLoad', label: 'playback page: open → scrubber shown (fetch + timeline)', unit: 'ms', value: inBrowser.load, better: 'lower' },
        { key: 'browserSeekP50', label: `seek in the browser → next painted frame, p50 of ${cfg.browserSeeks}`, unit: 'ms', value: median(inBrowser.seeks), better: 'lower' },
        { key: 'browserSeekP95', label: 'seek in the browser, p95', unit: 'ms', value: p95(inBrowser.seeks), better: 'lower' },
        { key: 'browserSeekMax', label: 'seek in the browser, max', unit: 'ms', value: Math.max(...inBrowser.seeks), better: 'lower' },
      );
    }
  }
  figures.push({ key: 'converged', label: 'served log is the stored log; rebuilt end state and the page\'s reading of it equal it', unit: '', value: exact, better: 'info' });
  return { scenario: 'replay', title, server: server.kind, figures, converged: exact, notes };
}
