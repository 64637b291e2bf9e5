/**
 * Room lifecycle for the scenarios: create rooms the way people do, connect their clients, check
 * convergence, and (Duet) check what a fresh client loads after a restart.
 */
import { BenchClient, now, roomConverged, type EditTracker } from './client.js';
import { mapLimit, type ServerProcess } from './servers.js';
import { sleep } from './stats.js';

let clientCounter = 1;

/** A harness-wide unique client number (it is embedded in every edit marker). */
export const nextClientId = (): number => clientCounter++;

export interface OpenedRooms {
  rooms: BenchClient[][];
  connectMs: number[];
  /** From the first connect to the last client synced. */
  wallMs: number;
}

/** Creates rooms the way people do (over HTTP for Duet: create + join); nothing is connected yet. */
export async function createRooms(server: ServerProcess, nRooms: number, perRoom: number, tracker: EditTracker | null): Promise<BenchClient[][]> {
  const access = await mapLimit(Array.from({ length: nRooms }), 16, () => server.createRoom(perRoom));
  return access.map((a) =>
    a.urls.map((url) => {
      const c = new BenchClient(nextClientId(), url, a.localAddress);
      c.peers = perRoom - 1;
      c.tracker = tracker;
      return c;
    }),
  );
}

/** Connects every client at once; resolves when all are synced. */
export async function connectAll(rooms: BenchClient[][]): Promise<OpenedRooms> {
  const t0 = now();
  const connectMs = await Promise.all(rooms.flat().map((c) => c.connect()));
  return { rooms, connectMs, wallMs: now() - t0 };
}

export async function openRooms(server: ServerProcess, nRooms: number, perRoom: number, tracker: EditTracker | null): Promise<OpenedRooms> {
  return connectAll(await createRooms(server, nRooms, perRoom, tracker));
}

export async function closeRooms(rooms: BenchClient[][]): Promise<void> {
  await Promise.all(rooms.flat().map((c) => c.close()));
  for (const c of rooms.flat()) c.destroy();
}

export async function waitConverged(rooms: BenchClient[][], timeoutMs: number): Promise<boolean> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    if (rooms.every(roomConverged)) return true;
    if (performance.now() > until) return false;
    await sleep(50);
  }
}

/**
 * Duet only: restart the server on the same data directory and check that a fresh client of each
 * room loads exactly the text the live clients ended with.
 */
export async function restartMatches(server: ServerProcess, expected: string[], urls: string[]): Promise<boolean> {
  await server.restart();
  const fresh = urls.map((u) => new BenchClient(nextClientId(), u));
  try {
    await mapLimit(fresh, 50, (c) => c.connect());
    return fresh.every((c, i) => c.text.toString() === expected[i]);
  } finally {
    await Promise.all(fresh.map((c) => c.close()));
    for (const c of fresh) c.destroy();
  }
}
