// Issue 15, must show 1, 3 and 4 on the wire: a run's start, output and end are relayed from the
// runner's socket to everyone in the room and recorded in the report; output from any other socket
// is refused; output beyond the cap is cut and marked; with Run turned off a candidate's run
// messages are refused; observers never run; a late joiner gets the last runs.
import { describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/protocol.js';
import type { InterviewReport } from '../../shared/report.js';
import { RUN_LIMITS, type RunRecord } from '../../shared/run.js';
import { connectControl, createRoom, type ControlSocket } from '../helpers/clients.js';
import { useServer, waitFor } from '../helpers/server.js';

const { server, sockets } = useServer();

const send = <T extends object = object>(s: ControlSocket, event: string, ...args: unknown[]): Promise<Ack<T>> =>
  (s.timeout(5000) as unknown as { emitWithAck(e: string, ...a: unknown[]): Promise<Ack<T>> }).emitWithAck(event, ...args);

async function person(token: string) {
  const { socket } = await connectControl(server.url, token);
  sockets.push(socket);
  const updates: RunRecord[] = [];
  const output: { runId: string; text: string }[] = [];
  let cleared = 0;
  socket.on('run:update', (r) => updates.push(r));
  socket.on('run:output', (o) => output.push(o));
  socket.on('run:cleared', () => cleared++);
  return { socket, updates, output, cleared: () => cleared };
}

async function roomWithThree() {
  const room = await createRoom(server.url, { title: 'Runs' });
  const host = await person(room.hostToken);
  const candSession = await room.join('candidate', 'Cleo');
  const cand = await person(candSession.token);
  const obs = await person((await room.join('observer', 'Otto')).token);
  return { room, host, cand, candSession, obs };
}

async function start(s: ControlSocket, language = 'javascript', kind = 'run'): Promise<RunRecord> {
  const ack = await send<{ run: RunRecord }>(s, 'run:start', { language, kind });
  if (!ack.ok) throw new Error(`run:start refused: ${ack.error.message}`);
  return ack.run;
}

async function report(roomId: string, token: string): Promise<InterviewReport> {
  const res = await fetch(`${server.url}/api/rooms/${roomId}/report`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as InterviewReport;
}

describe('the run relay', () => {
  it('relays a candidate run to the interviewer and the observer, and records it in the report', async () => {
    const { room, host, cand, obs } = await roomWithThree();
    const run = await start(cand.socket, 'python');
    expect(run).toMatchObject({ byName: 'Cleo', language: 'python', status: 'running', output: '' });
    expect((await send(cand.socket, 'run:output', { runId: run.id, text: 'hello\n' })).ok).toBe(true);
    expect((await send(cand.socket, 'run:output', { runId: run.id, text: 'world\n' })).ok).toBe(true);
    const end = await send<{ run: RunRecord }>(cand.socket, 'run:end', { runId: run.id, status: 'ok', durationMs: 42 });
    expect(end).toMatchObject({ ok: true, run: { status: 'ok', output: 'hello\nworld\n', durationMs: 42 } });

    for (const p of [host, obs]) {
      await waitFor(() => p.updates.some((u) => u.id === run.id && u.status === 'ok'), 5000, 'the end at the others');
      expect(p.output.filter((o) => o.runId === run.id).map((o) => o.text).join('')).toBe('hello\nworld\n');
      expect(p.updates.filter((u) => u.id === run.id).map((u) => u.status)).toEqual(['running', 'ok']);
    }
    // The runner shows its own output as it prints: the server does not echo it back.
    expect(cand.output).toEqual([]);

    const json = await report(room.room.id, room.hostToken);
    expect(json.runs).toEqual([expect.objectContaining({ by: 'Cleo', language: 'python', status: 'ok', output: 'hello\nworld\n', durationMs: 42, truncated: false })]);
    const md = await fetch(`${server.url}/api/rooms/${room.room.id}/report`, { headers: { authorization: `Bearer ${room.hostToken}`, accept: 'text/markdown' } });
    const text = await md.text();
    expect(text).toContain('## Code runs');
    expect(text).toMatch(/Cleo ran python \(ok, 42 ms\)/);
    expect(text).toContain('hello\nworld\n');
  });

  it('refuses output and the end of a run from any socket but the one that started it', async () => {
    const { room, host, cand, candSession } = await roomWithThree();
    const run = await start(cand.socket);
    // The interviewer, and a second tab of the same candidate.
    const tab2 = await person(candSession.token);
    for (const other of [host.socket, tab2.socket]) {
      expect(await send(other, 'run:output', { runId: run.id, text: 'forged' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await send(other, 'run:end', { runId: run.id, status: 'ok', durationMs: 1 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await send(host.socket, 'run:output', { runId: 'no-such-run', text: 'x' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await send(cand.socket, 'run:end', { runId: run.id, status: 'error', durationMs: 3 })).ok).toBe(true);
    // Ended runs take no more output, even from their own socket.
    expect(await send(cand.socket, 'run:output', { runId: run.id, text: 'late' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const json = await report(room.room.id, room.hostToken);
    expect(json.runs.map((r) => [r.status, r.output])).toEqual([['error', '']]);
  });

  it('cuts output at the cap and marks the run truncated', async () => {
    const { room, host, cand } = await roomWithThree();
    const run = await start(cand.socket);
    const chunk = 'x'.repeat(RUN_LIMITS.chunkChars);
    for (let i = 0; i < 5; i++) expect((await send(cand.socket, 'run:output', { runId: run.id, text: chunk })).ok).toBe(true);
    expect(await send(cand.socket, 'run:output', { runId: run.id, text: 'x'.repeat(RUN_LIMITS.chunkChars + 1) })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const end = await send<{ run: RunRecord }>(cand.socket, 'run:end', { runId: run.id, status: 'ok', durationMs: 5 });
    expect(end.ok && end.run.output.length).toBe(RUN_LIMITS.outputChars);
    expect(end.ok && end.run.truncated).toBe(true);
    await waitFor(() => host.updates.some((u) => u.id === run.id && u.status === 'ok'), 5000, 'the end');
    expect(host.output.map((o) => o.text).join('').length).toBe(RUN_LIMITS.outputChars);
    const [recorded] = (await report(room.room.id, room.hostToken)).runs;
    expect(recorded).toMatchObject({ truncated: true });
    expect(recorded!.output.length).toBe(RUN_LIMITS.outputChars);
  });

  it('with Run turned off, refuses a candidate run and its output; observers never run', async () => {
    const { host, cand, obs } = await roomWithThree();
    expect(await send(obs.socket, 'run:start', { language: 'javascript', kind: 'run' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const running = await start(cand.socket);
    expect(await send(cand.socket, 'room:settings', { candidatesRun: false })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await send(host.socket, 'room:settings', { candidatesRun: false })).toMatchObject({ ok: true, room: { candidatesRun: false } });
    expect(await send(cand.socket, 'run:output', { runId: running.id, text: 'after the switch' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await waitFor(() => host.updates.some((u) => u.id === running.id && u.status === 'stopped'), 5000, 'the run stopped');
    expect(host.output.some((o) => o.text.includes('after the switch'))).toBe(false);
    expect(await send(cand.socket, 'run:start', { language: 'javascript', kind: 'run' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // Interviewers always may.
    expect((await start(host.socket)).byName).toBeTruthy();
    expect(await send(host.socket, 'room:settings', { candidatesRun: true })).toMatchObject({ ok: true });
    expect((await start(cand.socket)).status).toBe('running');
  });

  it('validates payloads and the time-limit setting', async () => {
    const { host, cand } = await roomWithThree();
    expect(await send(cand.socket, 'run:start', { language: 'cobol', kind: 'run' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await send(cand.socket, 'run:start', 'junk')).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const run = await start(cand.socket);
    expect(await send(cand.socket, 'run:end', { runId: run.id, status: 'running', durationMs: 1 })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await send(host.socket, 'room:settings', { runTimeLimitSec: 0 })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await send(host.socket, 'room:settings', { runTimeLimitSec: 3 })).toMatchObject({ ok: true, room: { runTimeLimitSec: 3 } });
  });

  it('gives a late joiner the last runs; an interviewer clears the console for everyone, the report keeps them', async () => {
    const { room, host, cand } = await roomWithThree();
    const run = await start(cand.socket, 'sql');
    await send(cand.socket, 'run:output', { runId: run.id, text: 'id | name\n' });
    await send(cand.socket, 'run:end', { runId: run.id, status: 'ok', durationMs: 7 });
    const live = await start(host.socket, 'javascript');
    const late = await person((await room.join('observer', 'Late')).token);
    const listed = await send<{ runs: RunRecord[] }>(late.socket, 'run:list');
    expect(listed.ok && listed.runs.map((r) => [r.id, r.status, r.output])).toEqual([
      [run.id, 'ok', 'id | name\n'],
      [live.id, 'running', ''],
    ]);
    expect(await send(cand.socket, 'run:clear')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await send(host.socket, 'run:clear')).ok).toBe(true);
    await waitFor(() => cand.cleared() === 1 && late.cleared() === 1, 5000, 'cleared everywhere');
    const after = await send<{ runs: RunRecord[] }>(late.socket, 'run:list');
    expect(after.ok && after.runs.map((r) => r.id)).toEqual([live.id]);
    // A socket that leaves mid-run: its run ends as stopped.
    host.socket.close();
    await waitFor(() => cand.updates.some((u) => u.id === live.id && u.status === 'stopped'), 5000, 'stopped on leave');
    const json = await report(room.room.id, room.hostToken);
    expect(json.runs.map((r) => r.language)).toEqual(['sql', 'javascript']);
  });
});
