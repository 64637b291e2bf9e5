// The room service on a store shared by several processes: services over one store, each with its
// own room lock (as server processes on one database would be), so only the store's
// compare-and-set and seat constraint stand between their writes.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TokenService } from '../../server/auth/index.js';
import { DuetError } from '../../server/errors.js';
import { QuestionBank } from '../../server/questions/bank.js';
import { RoomService } from '../../server/rooms/index.js';
import { SqliteStore, type RoomChanges, type UpdateRoomResult } from '../../server/store/index.js';
import { tempDir, TEST_SECRET } from '../helpers/server.js';

/** The real store, counting the compare-and-sets it refused. */
class CountingStore extends SqliteStore {
  conflicts = 0;
  override async updateRoom(id: string, expectedVersion: number, changes: RoomChanges): Promise<UpdateRoomResult> {
    const result = await super.updateRoom(id, expectedVersion, changes);
    if (result.status === 'conflict') this.conflicts++;
    return result;
  }
}

const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

function servicesOverOneStore(count: number) {
  const store = new CountingStore(path.join(tempDir(), 'duet.sqlite'));
  stores.push(store);
  const service = () =>
    new RoomService({
      store,
      tokens: new TokenService(TEST_SECRET, 3600),
      inviteTtlSeconds: 3600,
      publicUrl: () => 'http://duet.test',
      idleEndMs: 3_600_000,
      questions: new QuestionBank(store),
      // No reveal here inserts starter code.
      pad: { insertStarter: async () => null },
      now: Date.now,
    });
  return { store, services: Array.from({ length: count }, service) };
}

describe('room service writes from several processes at once', () => {
  it('many concurrent timer commands: every applied command is in the final state, none lost', async () => {
    const { store, services } = servicesOverOneStore(4);
    const { room, participant } = await services[0]!.create({ title: 'Busy' });
    const commands = 40;
    // `reset` always applies, and bumps the clock's version by one each time.
    const results = await Promise.allSettled(
      Array.from({ length: commands }, async (_, i) => {
        const service = services[i % services.length]!;
        return service.commands.timer(await service.identify({ room: room.id, sub: participant.id }), 'reset');
      }),
    );
    const applied = results.filter((r) => r.status === 'fulfilled').length;
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'conflict' });
    const stored = (await store.getRoom(room.id))!;
    expect(stored.timer.version).toBe(applied);
    expect(stored.version).toBe(1 + applied);
    expect((await store.listEvents(room.id)).filter((e) => e.kind === 'timer')).toHaveLength(applied);
    // Most got through, and the services did collide (so the retries were exercised); a command
    // that lost every retry was refused as a conflict, never half applied.
    expect(applied).toBeGreaterThan(commands / 2);
    expect(store.conflicts).toBeGreaterThan(0);
  });

  it('two concurrent joins of seat B: one participant holds it, the other is refused as a conflict', async () => {
    const { store, services } = servicesOverOneStore(2);
    const created = await services[0]!.create({ mode: 'peer' });
    // The interviewing peer minted a second invite for seat B.
    const second = await services[0]!.createInvite((await store.getRoom(created.room.id))!, 'candidate', { seat: 'b' });
    const results = await Promise.allSettled([
      services[0]!.join(created.room.id, created.invites.candidate.token, 'Bea'),
      services[1]!.join(created.room.id, second.token, 'Intruder'),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refusal = results.find((r) => r.status === 'rejected')!.reason as unknown;
    expect(refusal).toBeInstanceOf(DuetError);
    expect(refusal).toMatchObject({ code: 'conflict', message: 'this seat is already taken' });
    expect((await store.listParticipants(created.room.id)).map((p) => p.seat)).toEqual(['a', 'b']);
  });
});
