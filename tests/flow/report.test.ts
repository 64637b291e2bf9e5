// Must show 3: a report with every section — title, participants, agenda planned vs actual,
// questions with reveal times, final code with its language, the whiteboard as SVG, notes and
// the scorecard — as JSON and as Markdown; candidates and observers get 403.
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InterviewReport } from '../../shared/report.js';
import { NOTES, PAD, SCORECARD_KEYS } from '../../shared/schema.js';
import { BUILTIN_QUESTIONS } from '../../server/questions/builtin.js';
import { api, connectControl, connectProvider, createRoom } from '../helpers/clients.js';
import { startServer, waitFor, type TestServer } from '../helpers/server.js';
import { ack } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

describe('interview report', () => {
  it('has every section, as JSON and as Markdown, for interviewers only', async () => {
    const room = await createRoom(server.url, { title: 'Backend | round <1>', template: 'technical-screen', hostName: 'Ada' });
    const cand = await room.join('candidate', 'Grace');
    const obs = await room.join('observer', 'Oli');
    const host = await connectControl(server.url, room.hostToken);
    const coding = BUILTIN_QUESTIONS.find((q) => q.kind === 'coding' && q.starterCode?.typescript)!;
    const star = BUILTIN_QUESTIONS.find((q) => q.kind === 'behavioral')!;

    const pad = await connectProvider(server.wsUrl, room.room.id, 'pad', cand.token);
    const notes = await connectProvider(server.wsUrl, room.room.id, 'notes', room.hostToken);
    pad.doc.getMap(PAD.meta).set('language', 'typescript');
    const shapes = pad.doc.getMap<Y.Map<unknown>>(PAD.shapes);
    for (const [id, type, x, label] of [['s1', 'rect', 0, 'API <gateway>'], ['s2', 'database', 200, 'Orders DB']] as const) {
      const shape = new Y.Map<unknown>();
      pad.doc.transact(() => {
        shapes.set(id, shape);
        for (const [k, v] of Object.entries({ id, type, x, y: 0, w: 120, h: 60, z: 1, label })) shape.set(k, v);
      });
    }
    const arrow = new Y.Map<unknown>();
    shapes.set('s3', arrow);
    for (const [k, v] of Object.entries({ id: 's3', type: 'arrow', x: 0, y: 0, w: 0, h: 0, z: 2, from: { shape: 's1' }, to: { shape: 's2' } })) arrow.set(k, v);

    expect(await ack(host.socket, 'timer:start')).toMatchObject({ ok: true });
    expect(await ack(host.socket, 'question:reveal', { questionId: coding.id, insertStarter: true })).toMatchObject({ ok: true, starterInserted: true });
    await waitFor(() => pad.doc.getText(PAD.code).length > 0, 5000, 'starter code');
    pad.doc.getText(PAD.code).insert(pad.doc.getText(PAD.code).length, '// solved with a ``` fence inside\n');
    expect(await ack(host.socket, 'timer:next')).toMatchObject({ ok: true });
    expect(await ack(host.socket, 'question:reveal', { questionId: star.id })).toMatchObject({ ok: true });
    notes.doc.getText(NOTES.notes).insert(0, '[Coding 3:10] clean decomposition');
    const card = notes.doc.getMap(NOTES.scorecard);
    card.set(SCORECARD_KEYS.rating('codeQuality'), 4);
    card.set(SCORECARD_KEYS.comment('codeQuality'), 'readable | typed');
    card.set(SCORECARD_KEYS.star(star.id, 'title'), star.title);
    for (const f of ['situation', 'task', 'action', 'result'] as const) card.set(SCORECARD_KEYS.star(star.id, f), `${f} text`);
    card.set(SCORECARD_KEYS.star(star.id, 'rating'), 3);
    card.set(SCORECARD_KEYS.recommendation, 'strong-yes');
    await new Promise((r) => setTimeout(r, 200));
    expect(await ack(host.socket, 'room:end')).toMatchObject({ ok: true });
    pad.destroy();
    notes.destroy();
    host.socket.close();

    for (const token of [cand.token, obs.token]) {
      expect((await api(server.url, 'GET', `/api/rooms/${room.room.id}/report`, { token })).status).toBe(403);
    }
    expect((await api(server.url, 'GET', `/api/rooms/${room.room.id}/report`)).status).toBe(401);

    const json = await api<InterviewReport>(server.url, 'GET', `/api/rooms/${room.room.id}/report`, {
      token: room.hostToken,
      headers: { accept: 'application/json' },
    });
    expect(json.status).toBe(200);
    const r = json.body;
    expect(r.room).toMatchObject({ title: 'Backend | round <1>', status: 'ended', mode: 'interview' });
    expect(r.participants.map((p) => [p.name, p.role])).toEqual([['Ada', 'interviewer'], ['Grace', 'candidate'], ['Oli', 'observer']]);
    expect(r.agenda.phases.map((p) => [p.name, p.plannedMs])).toEqual([['Intro', 5 * 60_000], ['Coding', 20 * 60_000], ['Candidate questions', 5 * 60_000]]);
    expect(r.agenda.phases[0]!.actualMs).toBeGreaterThan(0);
    expect(r.agenda.phases[1]!.actualMs).toBeGreaterThan(0);
    expect(r.agenda.phases[2]!.actualMs).toBeNull(); // never reached
    expect(r.questions.map((q) => [q.id, q.phase, q.starterInserted])).toEqual([[coding.id, 'Intro', true], [star.id, 'Coding', false]]);
    expect(r.questions[0]!.revealedBy).toBe('Ada');
    expect(r.questions[0]!.revealedAt).toBeLessThanOrEqual(r.questions[1]!.revealedAt);
    expect(r.code.language).toBe('typescript');
    expect(r.code.text).toContain(coding.starterCode!.typescript!.trim());
    expect(r.whiteboard.shapes).toBe(3);
    expect(r.whiteboard.svg).toContain('API &lt;gateway&gt;');
    expect(r.whiteboard.svg).toContain('<line');
    expect(r.notes).toHaveLength(1);
    expect(r.notes[0]!.text).toContain('clean decomposition');
    expect(r.notes[0]!.scorecard.areas.codeQuality).toEqual({ rating: 4, comment: 'readable | typed' });
    expect(r.notes[0]!.scorecard.star[0]).toMatchObject({ questionId: star.id, situation: 'situation text', rating: 3 });
    expect(r.notes[0]!.scorecard.recommendation).toBe('strong-yes');
    // No guidance in the report's question list.
    expect(JSON.stringify(r.questions)).not.toContain(coding.guidance.hints[0]!);

    const md = await fetch(`${server.url}/api/rooms/${room.room.id}/report`, {
      headers: { authorization: `Bearer ${room.hostToken}`, accept: 'text/markdown' },
    });
    expect(md.headers.get('content-type')).toMatch(/^text\/markdown/);
    const text = await md.text();
    for (const heading of ['# Backend \\| round \\<1\\>', '## Participants', '## Agenda: planned vs actual', '## Questions', '## Code (typescript)', '## Whiteboard', '## Notes and scorecard']) {
      expect(text).toContain(heading);
    }
    expect(text).toContain('| Grace | candidate |');
    expect(text).toContain(`| ${coding.title.replace(/([\\`*_{}[\]()#+!|<>~-])/g, '\\$1')} | coding |`);
    expect(text).toContain('````typescript'); // longer fence than the ``` inside the code
    expect(text).toContain('<svg xmlns=');
    expect(text).toContain('clean decomposition');
    expect(text).toContain('| Code quality | 4 | readable \\| typed |');
    expect(text).toContain('**Recommendation:** Strong yes');
    expect(text).toContain('- **Situation:** situation text');
  });
});
