// Issue 15, must show 5 on the wire: a revealed coding question's visible test cases reach
// everyone; its hidden cases reach interviewers only (with the guidance) — not one byte of them on
// a candidate's or an observer's socket, before or after an interviewer runs them and the room
// sees the verdicts (named "hidden 1…", pass/fail only).
import { describe, expect, it } from 'vitest';
import type { Ack, QuestionGuidanceMessage } from '../../shared/protocol.js';
import type { RunRecord } from '../../shared/run.js';
import { CODING_QUESTIONS } from '../../server/questions/builtin.js';
import { connectControl, createRoom, type ControlSocket } from '../helpers/clients.js';
import { useServer, waitFor } from '../helpers/server.js';
import { captureSocket } from '../flow/helpers.js';

const { server, sockets } = useServer();

const send = <T extends object = object>(s: ControlSocket, event: string, ...args: unknown[]): Promise<Ack<T>> =>
  (s.timeout(5000) as unknown as { emitWithAck(e: string, ...a: unknown[]): Promise<Ack<T>> }).emitWithAck(event, ...args);

async function connect(token: string) {
  const { socket, state } = await connectControl(server.url, token);
  sockets.push(socket);
  return { socket, wire: captureSocket(socket), stateText: JSON.stringify(state) };
}

describe('hidden test cases', () => {
  it('reach interviewers only; candidates and observers get the visible ones and the verdicts', async () => {
    const question = CODING_QUESTIONS.find((q) => q.id === 'coding-lru-cache')!;
    const hidden = Object.values(question.guidance.hiddenTests!).flat();
    expect(hidden.length).toBeGreaterThanOrEqual(6);
    const room = await createRoom(server.url, { title: 'Hidden cases' });
    const host = await connect(room.hostToken);
    const cand = await connect((await room.join('candidate', 'Cleo')).token);
    const obs = await connect((await room.join('observer', 'Otto')).token);

    const guidance = new Promise<QuestionGuidanceMessage>((resolve) => host.socket.once('question:guidance', resolve));
    expect(await send(host.socket, 'question:reveal', { questionId: question.id })).toMatchObject({ ok: true });
    // The interviewer gets the hidden cases, word for word.
    expect((await guidance).guidance.hiddenTests).toEqual(question.guidance.hiddenTests);
    await waitFor(() => cand.wire.events.some((e) => e.name === 'question:revealed'), 5000, 'the reveal at the candidate');

    // The interviewer runs the tests (visible and hidden) and reports the verdicts.
    const started = await send<{ run: RunRecord }>(host.socket, 'run:start', { language: 'python', kind: 'tests' });
    if (!started.ok) throw new Error(started.error.message);
    const runId = started.run.id;
    await send(host.socket, 'run:output', { runId, text: 'PASS evicts the least recently used: out\nFAIL hidden 1\n' });
    const tests = [
      { name: 'evicts the least recently used', hidden: false, passed: true },
      { name: 'hidden 1', hidden: true, passed: false },
    ];
    expect(await send(host.socket, 'run:end', { runId, status: 'error', durationMs: 12, tests })).toMatchObject({ ok: true, run: { tests } });
    for (const p of [cand, obs]) await waitFor(() => p.wire.events.some((e) => e.name === 'run:update' && e.text.includes('hidden 1')), 5000, 'the verdicts');

    for (const p of [cand, obs]) {
      const text = p.stateText + '\n' + p.wire.since(0);
      // The capture is real: the visible cases and the verdicts arrived.
      expect(text).toContain(JSON.stringify(question.tests!.python![0]!.call).slice(1, -1));
      expect(text).toContain('FAIL hidden 1');
      for (const c of hidden) {
        expect(text).not.toContain(JSON.stringify(c.call).slice(1, -1));
        // (A name that is also a phrase of the statement, like "get counts as a use", proves nothing.)
        if (!question.statement.includes(c.name)) expect(text).not.toContain(c.name);
      }
      expect(text).not.toContain('hiddenTests');
      expect(p.wire.events.map((e) => e.name)).not.toContain('question:guidance');
    }
  });
});
