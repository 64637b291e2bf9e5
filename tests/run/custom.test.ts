// Issue 15: custom questions carry test cases (visible, and hidden in the guidance) and a SQL seed,
// through create, export and import; bad cases are refused; revealing one gives the room the
// visible cases and the seed, interviewers alone the hidden cases.
import { describe, expect, it } from 'vitest';
import type { QuestionGuidanceMessage, RevealedQuestion } from '../../shared/protocol.js';
import type { Question, QuestionExport } from '../../shared/questions.js';
import { api, connectControl, createRoom } from '../helpers/clients.js';
import { useServer } from '../helpers/server.js';

const { server, sockets } = useServer();

const visible = [{ name: 'doubles', call: 'double(2)', expected: '4' }];
const hidden = [{ name: 'negative', call: 'double(-21)', expected: '-42' }];
const custom = {
  kind: 'coding',
  title: 'Double it',
  difficulty: 'easy',
  statement: 'Return twice the number.',
  tests: { javascript: visible, python: visible },
  sqlSeed: 'CREATE TABLE n (v INT); INSERT INTO n VALUES (1);',
  guidance: { hiddenTests: { javascript: hidden, python: hidden } },
};

describe('custom questions with test cases', () => {
  it('keeps visible and hidden cases and the seed through create, export and import', async () => {
    const room = await createRoom(server.url, { title: 'Custom cases' });
    const token = room.hostToken;
    const created = await api<{ question: Question }>(server.url, 'POST', '/api/questions', { token, body: custom });
    expect(created.status).toBe(201);
    const q = created.body.question;
    expect(q).toMatchObject({ tests: custom.tests, sqlSeed: custom.sqlSeed, guidance: { hiddenTests: custom.guidance.hiddenTests } });
    const bad = { ...custom, tests: { javascript: [{ name: 'x', call: 'double(1)' }] } };
    expect((await api(server.url, 'POST', '/api/questions', { token, body: bad })).status).toBe(400);
    expect((await api(server.url, 'POST', '/api/questions', { token, body: { ...custom, tests: { cobol: visible } } })).status).toBe(400);

    const exported = await api<QuestionExport>(server.url, 'GET', '/api/questions/export', { token });
    const mine = exported.body.questions.find((x) => x.id === q.id)!;
    expect(mine).toMatchObject({ tests: custom.tests, sqlSeed: custom.sqlSeed, guidance: { hiddenTests: custom.guidance.hiddenTests } });
    const imported = await api<{ questions: Question[] }>(server.url, 'POST', '/api/questions/import', { token, body: { questions: [{ ...mine, id: undefined, title: 'Double it again' }] } });
    expect(imported.body.questions[0]).toMatchObject({ title: 'Double it again', tests: custom.tests, guidance: { hiddenTests: custom.guidance.hiddenTests } });

    // Revealed: the room gets the visible cases and the seed; the interviewer also the hidden ones.
    const host = await connectControl(server.url, token);
    const cand = await connectControl(server.url, (await room.join('candidate', 'Cleo')).token);
    sockets.push(host.socket, cand.socket);
    const seen = new Promise<RevealedQuestion>((resolve) => cand.socket.once('question:revealed', resolve));
    const guidance = new Promise<QuestionGuidanceMessage>((resolve) => host.socket.once('question:guidance', resolve));
    await host.socket.timeout(5000).emitWithAck('question:reveal', { questionId: q.id });
    const revealed = await seen;
    expect(revealed.question).toMatchObject({ tests: custom.tests, sqlSeed: custom.sqlSeed });
    expect(JSON.stringify(revealed)).not.toContain('double(-21)');
    expect((await guidance).guidance.hiddenTests).toEqual(custom.guidance.hiddenTests);
  });
});
