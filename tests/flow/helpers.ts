/** Helpers for the interview-flow tests: wire capture and the material a candidate must never see. */
import type { Question } from '../../shared/questions.js';
import { BUILTIN_QUESTIONS } from '../../server/questions/builtin.js';
import type { ControlSocket, RawClient } from '../helpers/clients.js';

/** Every event a socket.io client receives, in order, as JSON text (name + payload). */
export function captureSocket(socket: ControlSocket): { events: { name: string; text: string }[]; since(mark: number): string } {
  const events: { name: string; text: string }[] = [];
  socket.onAny((name: string, ...args: unknown[]) => events.push({ name, text: `${name} ${JSON.stringify(args)}` }));
  return { events, since: (mark) => events.slice(mark).map((e) => e.text).join('\n') };
}

/** Every frame of a raw Yjs connection as text (Yjs stores strings as UTF-8, so they show up verbatim). */
export function rawText(client: RawClient): string {
  return client.frames.map((f) => Buffer.from(f).toString('utf8')).join('\n');
}

/**
 * Strings that must not appear on a candidate's connections: every piece of guidance of every
 * question (long enough to be unambiguous, and not also part of some revealed public text), and
 * the titles and statements of questions that were not revealed.
 */
export function forbiddenMaterial(revealed: Question[], all: Question[] = BUILTIN_QUESTIONS): string[] {
  // What a revealed question legitimately shows, written out here rather than taken from the
  // server's `publicPart`, so a leak in that function cannot hide itself from this test.
  const publicText = revealed
    .map((q) => JSON.stringify([q.title, q.statement, q.tags, q.examples ?? [], q.starterCode ?? {}, q.tests ?? {}]))
    .join('\n');
  const unambiguous = (s: string) => s.length >= 16 && !publicText.includes(s);
  const out: string[] = [];
  for (const q of all) {
    const g = q.guidance;
    out.push(...[...g.hints, ...g.followUps, ...g.goodAnswer, ...g.rubric.map((r) => r.description)].filter(unambiguous));
    // Hidden test cases: the code of each call (by its lines, which the wire may carry escaped).
    const hidden = Object.values(g.hiddenTests ?? {}).flat();
    out.push(...hidden.flatMap((c) => c.call.split('\n')).filter(unambiguous));
    if (!revealed.some((r) => r.id === q.id)) {
      out.push(...[q.title, q.statement.slice(0, 80)].filter(unambiguous));
    }
  }
  return out;
}

export function leaks(text: string, forbidden: string[]): string[] {
  // JSON escapes quotes and newlines; compare against both forms.
  return forbidden.filter((s) => text.includes(s) || text.includes(JSON.stringify(s).slice(1, -1)));
}

export const ack = <T>(socket: ControlSocket, event: string, ...args: unknown[]): Promise<T> =>
  (socket.timeout(5000) as unknown as { emitWithAck(e: string, ...a: unknown[]): Promise<T> }).emitWithAck(event, ...args);
