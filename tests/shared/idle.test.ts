import { describe, expect, it } from 'vitest';
import { IdleRooms } from '../../server/rooms/idle.js';

describe('idle rooms', () => {
  it('ends a room only after it has had no connection for the idle time', () => {
    let now = 0;
    const ended: string[] = [];
    const idle = new IdleRooms({ idleMs: 100, now: () => now, end: async (id) => ended.push(id), onError: () => undefined });
    idle.created('r1');
    idle.created('r2');
    idle.enter('r2');
    idle.enter('r2');
    now = 150;
    idle.sweep();
    expect(ended).toEqual(['r1']);
    idle.leave('r2'); // one connection left
    now = 400;
    idle.sweep();
    expect(ended).toEqual(['r1']);
    idle.leave('r2'); // now empty, idle from 400
    now = 450;
    idle.sweep();
    expect(ended).toEqual(['r1']);
    now = 500;
    idle.sweep();
    expect(ended).toEqual(['r1', 'r2']);
    idle.sweep();
    expect(ended).toEqual(['r1', 'r2']); // once
  });
});
