// The question bank API: interviewers (or the create key) list, filter, read, create, edit,
// delete, import and export; built-ins are read-only; candidates never get in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Question, QuestionExport } from '../../shared/questions.js';
import { api, createRoom } from '../helpers/clients.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
const KEY = 'create-key-for-tests-0123456789';
beforeAll(async () => {
  server = await startServer({ createKey: KEY });
});
afterAll(() => server.close());

const custom = {
  kind: 'coding',
  title: 'Dedupe webhook deliveries',
  difficulty: 'medium',
  tags: ['Idempotency', 'hashing'],
  statement: 'Webhooks arrive at least once. Drop duplicates by delivery id within a window.',
  starterCode: { javascript: 'function dedupe(events) {}\n', python: 'def dedupe(events):\n    pass\n' },
  examples: [{ input: '[1,1,2]', output: '[1,2]' }],
  guidance: {
    goodAnswer: ['Uses a bounded set or TTL cache'],
    followUps: ['What if the window is a day?'],
    hints: ['Think about what identifies a delivery'],
    rubric: [
      { score: 1, description: 'No dedupe' },
      { score: 4, description: 'Bounded memory, handles restarts' },
    ],
  },
};

describe('question bank API', () => {
  it('lets interviewers and the create key in, and keeps candidates and strangers out', async () => {
    const room = await createRoom(server.url, {}).catch(() => null);
    expect(room).toBeNull(); // the create key is required on this server
    const created = await api<{ hostToken: string; invites: Record<string, { token: string }>; room: { id: string } }>(server.url, 'POST', '/api/rooms', {
      body: {},
      headers: { authorization: `Bearer ${KEY}` },
    });
    const host = created.body.hostToken;
    const cand = await api<{ token: string }>(server.url, 'POST', `/api/rooms/${created.body.room.id}/join`, {
      body: { invite: created.body.invites['candidate']!.token, name: 'C' },
    });
    expect((await api(server.url, 'GET', '/api/questions')).status).toBe(401);
    expect((await api(server.url, 'GET', '/api/questions', { token: 'junk' })).status).toBe(401);
    expect((await api(server.url, 'GET', '/api/questions', { token: cand.body.token })).status).toBe(403);
    expect((await api(server.url, 'GET', '/api/questions/coding-merge-bookings', { token: cand.body.token })).status).toBe(403);

    const all = await api<{ questions: Question[] }>(server.url, 'GET', '/api/questions', { token: host });
    expect(all.status).toBe(200);
    expect(all.body.questions.length).toBeGreaterThanOrEqual(26);
    expect(all.body.questions[0]!.guidance.rubric.length).toBe(4);
    const viaKey = await api<{ questions: Question[] }>(server.url, 'GET', '/api/questions?kind=system-design', { token: KEY });
    expect(viaKey.body.questions.length).toBeGreaterThanOrEqual(6);
    expect(viaKey.body.questions.every((q) => q.kind === 'system-design')).toBe(true);
    const filtered = await api<{ questions: Question[] }>(server.url, 'GET', '/api/questions?kind=coding&difficulty=easy&q=booking', { token: host });
    expect(filtered.body.questions.map((q) => q.id)).toContain('coding-merge-bookings');
    expect((await api(server.url, 'GET', '/api/questions?kind=poetry', { token: host })).status).toBe(400);
    const one = await api<{ question: Question }>(server.url, 'GET', '/api/questions/coding-merge-bookings', { token: host });
    expect(one.body.question).toMatchObject({ id: 'coding-merge-bookings', source: 'builtin' });
    expect((await api(server.url, 'GET', '/api/questions/nope', { token: host })).status).toBe(404);
  });

  it('creates, edits, deletes, exports and imports custom questions; built-ins are read-only', async () => {
    const made = await api<{ question: Question }>(server.url, 'POST', '/api/questions', { token: KEY, body: custom });
    expect(made.status).toBe(201);
    const q = made.body.question;
    expect(q).toMatchObject({ source: 'custom', title: custom.title, tags: ['idempotency', 'hashing'] });
    expect(q.id).toMatch(/^custom-/);
    const byTag = await api<{ questions: Question[] }>(server.url, 'GET', '/api/questions?tag=idempotency&source=custom', { token: KEY });
    expect(byTag.body.questions.map((x) => x.id)).toEqual([q.id]);

    const edited = await api<{ question: Question }>(server.url, 'PUT', `/api/questions/${q.id}`, { token: KEY, body: { ...custom, difficulty: 'hard' } });
    expect(edited.body.question).toMatchObject({ id: q.id, difficulty: 'hard' });
    expect((await api(server.url, 'PUT', '/api/questions/coding-merge-bookings', { token: KEY, body: custom })).status).toBe(403);
    expect((await api(server.url, 'DELETE', '/api/questions/coding-merge-bookings', { token: KEY })).status).toBe(403);
    expect((await api(server.url, 'POST', '/api/questions', { token: KEY, body: { ...custom, guidance: { ...custom.guidance, rubric: [{ score: 9, description: 'x' }] } } })).status).toBe(400);
    expect((await api(server.url, 'POST', '/api/questions', { token: KEY, body: { ...custom, extra: 1 } })).status).toBe(400);

    const exported = await api<QuestionExport>(server.url, 'GET', '/api/questions/export', { token: KEY });
    expect(exported.body).toMatchObject({ format: 'duet-questions', version: 1 });
    expect(exported.body.questions.map((x) => x.id)).toEqual([q.id]);
    expect(JSON.stringify(exported.body)).not.toContain('"source"');

    expect((await api(server.url, 'DELETE', `/api/questions/${q.id}`, { token: KEY })).body).toEqual({ deleted: true });
    expect((await api(server.url, 'GET', `/api/questions/${q.id}`, { token: KEY })).status).toBe(404);

    // Import brings it back under its id; an import naming a built-in id gets a fresh id instead.
    const imported = await api<{ imported: number; questions: Question[] }>(server.url, 'POST', '/api/questions/import', {
      token: KEY,
      body: { ...exported.body, questions: [...exported.body.questions, { ...custom, id: 'coding-merge-bookings', title: 'Shadow' }] },
    });
    expect(imported.body.imported).toBe(2);
    const ids = imported.body.questions.map((x) => x.id);
    expect(ids).not.toContain('coding-merge-bookings');
    const builtin = await api<{ question: Question }>(server.url, 'GET', '/api/questions/coding-merge-bookings', { token: KEY });
    expect(builtin.body.question.title).not.toBe('Shadow');
    const again = await api<{ questions: Question[] }>(server.url, 'GET', '/api/questions?source=custom', { token: KEY });
    expect(again.body.questions.map((x) => x.title).sort()).toEqual([custom.title, 'Shadow'].sort());
  });
});
