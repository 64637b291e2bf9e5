// Must show 5: a new server process on the same data dir keeps documents, room, timer and tokens.
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { RoomDetails } from '../../shared/protocol.js';
import { NOTES, PAD } from '../../shared/schema.js';
import { phaseElapsed } from '../../shared/timer.js';
import { api, connectControl, connectProvider, createRoom } from '../helpers/clients.js';
import { startChildServer, tempDir, waitFor, type ChildServer } from '../helpers/server.js';

const children: ChildServer[] = [];
afterAll(() => {
  for (const c of children) c.proc.kill('SIGKILL');
});

describe('restart', () => {
  it('keeps documents, room, running timer and every token across a restart', async () => {
    const dataDir = tempDir();
    const first = await startChildServer(dataDir);
    children.push(first);
    const room = await createRoom(first.url, { title: 'Restart me' });
    const cand = await room.join('candidate', 'Chris');

    const pad = await connectProvider(first.wsUrl, room.room.id, 'pad', cand.token);
    pad.doc.getText(PAD.code).insert(0, 'print("survives")');
    const shape = new Y.Map<unknown>();
    shape.set('type', 'database');
    shape.set('label', 'Orders');
    pad.doc.getMap(PAD.shapes).set('s1', shape);
    const notes = await connectProvider(first.wsUrl, room.room.id, 'notes', room.hostToken);
    notes.doc.getText(NOTES.notes).insert(0, 'strong on SQL');

    const control = await connectControl(first.url, room.hostToken);
    const beforeStart = Date.now();
    expect((await control.socket.timeout(5000).emitWithAck('timer:start')).ok).toBe(true);
    const startedAt = Date.now();
    // Make sure a fresh client sees the edits before the restart: they were relayed, so stored.
    const check = await connectProvider(first.wsUrl, room.room.id, 'pad', room.hostToken);
    await waitFor(() => check.doc.getText(PAD.code).toString() === 'print("survives")' && check.doc.getMap(PAD.shapes).size === 1);
    for (const c of [pad, notes, check]) c.destroy();
    control.socket.close();

    first.proc.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    await new Promise((r) => setTimeout(r, 300));

    const second = await startChildServer(dataDir);
    children.push(second);
    const details = await api<RoomDetails>(second.url, 'GET', `/api/rooms/${room.room.id}`, { token: room.hostToken });
    expect(details.status).toBe(200);
    expect(details.body.room.title).toBe('Restart me');
    expect(details.body.timer.status).toBe('running');
    const elapsed = phaseElapsed(details.body.timer, details.body.serverNow);
    // The clock ran on through the restart: its start lies between the command and its ack (one
    // clock, this machine's, so the bounds hold however slow the machine is).
    expect(elapsed).toBeGreaterThanOrEqual(details.body.serverNow - startedAt);
    expect(elapsed).toBeLessThanOrEqual(details.body.serverNow - beforeStart);

    const again = await connectProvider(second.wsUrl, room.room.id, 'pad', cand.token);
    expect(again.doc.getText(PAD.code).toString()).toBe('print("survives")');
    expect((again.doc.getMap<Y.Map<unknown>>(PAD.shapes).get('s1'))?.get('label')).toBe('Orders');
    const notesAgain = await connectProvider(second.wsUrl, room.room.id, 'notes', room.hostToken);
    expect(notesAgain.doc.getText(NOTES.notes).toString()).toBe('strong on SQL');
    again.destroy();
    notesAgain.destroy();

    // Invite links issued before the restart still work.
    const joined = await api(second.url, 'POST', `/api/rooms/${room.room.id}/join`, {
      body: { invite: room.invites.observer.token, name: 'After restart' },
    });
    expect(joined.status).toBe(200);
    second.proc.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});
