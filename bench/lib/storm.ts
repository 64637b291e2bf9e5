/**
 * Connect storm: `rooms` rooms of two people, every client opening its document at once with its
 * token (the first connection of each room loads its document). What a class starting at the top
 * of the hour does to a server: how long until everyone is synced, per client and in all, and the
 * server CPU it took.
 */
import { closeRooms, connectAll, createRooms } from './rooms.js';
import type { Figure, ScenarioResult } from './scenarios.js';
import type { ServerProcess } from './servers.js';
import { summarize } from './stats.js';

export interface StormConfig {
  rooms: number;
}

export const STORM_FULL: StormConfig = { rooms: 500 };
export const STORM_QUICK: StormConfig = { rooms: 20 };

export async function scenarioStorm(server: ServerProcess, cfg: StormConfig): Promise<ScenarioResult> {
  const rooms = await createRooms(server, cfg.rooms, 2, null);
  const before = server.sample();
  const opened = await connectAll(rooms);
  const after = server.sample();
  const clients = rooms.flat().length;
  const s = summarize(opened.connectMs);
  const figures: Figure[] = [
    { key: 'stormWall', label: `${clients} clients connect at once → all synced`, unit: 'ms', value: opened.wallMs, better: 'lower' },
    { key: 'stormP50', label: 'one client connect → synced, p50', unit: 'ms', value: s.p50, better: 'lower' },
    { key: 'stormP99', label: 'one client connect → synced, p99', unit: 'ms', value: s.p99, better: 'lower' },
    { key: 'stormCpuPerClient', label: 'server CPU per client connected', unit: 'µs', value: (after.cpuUs - before.cpuUs) / clients, better: 'lower' },
    { key: 'stormRss', label: 'server RSS after', unit: 'MB', value: after.rssKb / 1024, better: 'lower' },
  ];
  await closeRooms(rooms);
  return { scenario: 'storm', title: `connect storm: ${cfg.rooms} rooms × 2 clients opening at once`, server: server.kind, figures, converged: true, notes: [] };
}
