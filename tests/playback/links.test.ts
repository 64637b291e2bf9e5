// The report's entries link to their moments in the playback, and those links open the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InterviewReport } from '../../shared/report.js';
import { playbackPath } from '../../shared/replay.js';
import { BUILTIN_QUESTIONS } from '../../server/questions/builtin.js';
import { api, connectControl, createRoom, type ControlSocket } from '../helpers/clients.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { ack } from '../flow/helpers.js';

let server: TestServer;
let host: ControlSocket | undefined;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  host?.close();
  await server.close();
});

describe('links to moments', () => {
  it('each revealed question in the report links to the moment it was revealed', async () => {
    const room = await createRoom(server.url);
    host = (await connectControl(server.url, room.hostToken)).socket;
    await new Promise((r) => setTimeout(r, 30));
    const question = BUILTIN_QUESTIONS.find((q) => q.kind === 'concept')!;
    expect(await ack(host, 'question:reveal', { questionId: question.id })).toMatchObject({ ok: true });

    const report = await api<InterviewReport>(server.url, 'GET', `/api/rooms/${room.room.id}/report`, { token: room.hostToken, headers: { accept: 'application/json' } });
    expect(report.body.playback).toBe(`/r/${room.room.id}/playback`);
    const q = report.body.questions[0]!;
    const offset = q.revealedAt - room.room.createdAt;
    expect(offset).toBeGreaterThan(0);
    expect(q.playback).toBe(playbackPath(room.room.id, offset));
    expect(q.playback).toBe(`/r/${room.room.id}/playback?t=${offset}`);
  });
});
