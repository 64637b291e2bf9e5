/**
 * The report as Markdown. Pure. Names, titles and notes are user text: table cells are escaped so
 * a `|` cannot break a table, headings are kept on one line, and code goes in a fence longer than
 * any run of backticks inside it.
 */
import type { InterviewReport } from '../../shared/report.js';
import { RECOMMENDATION_LABELS, SCORECARD_AREA_LABELS, SCORECARD_AREAS, type Scorecard } from '../../shared/schema.js';
import { formatClock } from '../../shared/timer.js';

/** Escapes Markdown syntax in inline user text. */
export function mdInline(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/([\\`*_{}[\]()#+!|<>~-])/g, '\\$1');
}

const iso = (ms: number | null) => (ms === null ? '—' : new Date(ms).toISOString().replace('.000Z', 'Z'));
const duration = (ms: number | null) => (ms === null ? '—' : formatClock(ms));

export function fence(text: string, info = ''): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const marks = '`'.repeat(Math.max(3, longest + 1));
  return `${marks}${info}\n${text.endsWith('\n') ? text : text + '\n'}${marks}`;
}

function scorecardMd(card: Scorecard): string[] {
  const lines = ['| Area | Rating | Comment |', '| --- | --- | --- |'];
  for (const area of SCORECARD_AREAS) {
    const a = card.areas[area];
    lines.push(`| ${SCORECARD_AREA_LABELS[area]} | ${a.rating ?? '—'} | ${mdInline(a.comment) || '—'} |`);
  }
  lines.push('', `**Recommendation:** ${card.recommendation ? RECOMMENDATION_LABELS[card.recommendation] : '—'}`);
  for (const star of card.star) {
    lines.push('', `#### STAR: ${mdInline(star.title || star.questionId)} (rating ${star.rating ?? '—'})`, '');
    for (const field of ['situation', 'task', 'action', 'result'] as const) {
      lines.push(`- **${field[0]!.toUpperCase()}${field.slice(1)}:** ${mdInline(star[field]) || '—'}`);
    }
  }
  return lines;
}

function accommodationsMd(a: InterviewReport['accommodations']): string[] {
  if (a.extraTime === 1 && a.breaks === 0) return [];
  const lines = ['### Accommodations', ''];
  if (a.extraTime !== 1) lines.push(`- Extra time: ${a.extraTime}× on every phase (planned times above include it)`);
  if (a.breaks > 0) lines.push(`- Breaks: ${a.breaks}, ${duration(a.breakMs)} in all (the clock was paused)`);
  return [...lines, ''];
}

function runsMd(runs: InterviewReport['runs']): string[] {
  const out = ['## Code runs', ''];
  if (runs.length === 0) return [...out, 'No code was run.', ''];
  for (const run of runs) {
    const took = run.durationMs === null ? '' : `, ${run.durationMs} ms`;
    out.push(`### ${iso(run.startedAt)}: ${mdInline(run.by)} ran ${run.kind === 'tests' ? 'the tests in ' : ''}${run.language} (${run.status}${took})`, '');
    if (run.tests) {
      const passed = run.tests.filter((t) => t.passed).length;
      out.push(`Tests: ${passed}/${run.tests.length} passed`, '');
      for (const t of run.tests) out.push(`- ${t.passed ? 'PASS' : 'FAIL'} ${mdInline(t.name)}`);
      out.push('');
    }
    out.push(run.output ? fence(run.output + (run.truncated ? '\n[output truncated]' : ''), 'text') : '_No output._', '');
  }
  return out;
}

export function reportToMarkdown(r: InterviewReport): string {
  const out: string[] = [];
  out.push(`# ${mdInline(r.room.title)}`, '');
  out.push(`- Room: \`${r.room.id}\` (${r.room.mode}, ${r.room.status})`, `- Started: ${iso(r.room.createdAt)}`, `- Ended: ${iso(r.room.endedAt)}`, '');

  out.push('## Participants', '', '| Name | Role | Seat |', '| --- | --- | --- |');
  for (const p of r.participants) out.push(`| ${mdInline(p.name)} | ${p.role} | ${p.seat ? p.seat.toUpperCase() : '—'} |`);
  out.push('');

  out.push('## Agenda: planned vs actual', '', '| Phase | Kind | Planned | Actual |', '| --- | --- | --- | --- |');
  for (const p of r.agenda.phases) out.push(`| ${mdInline(p.name)} | ${p.kind} | ${duration(p.plannedMs)} | ${duration(p.actualMs)} |`);
  out.push(`| **Total** | | ${duration(r.agenda.plannedTotalMs)} | ${duration(r.agenda.actualTotalMs)} |`, '');
  out.push(...accommodationsMd(r.accommodations));

  out.push('## Questions', '');
  if (r.questions.length === 0) out.push('No questions were revealed.');
  else {
    out.push('| Question | Kind | Difficulty | Revealed | Phase | By |', '| --- | --- | --- | --- | --- | --- |');
    for (const q of r.questions) {
      out.push(`| ${mdInline(q.title)} | ${q.kind} | ${q.difficulty} | ${iso(q.revealedAt)} | ${mdInline(q.phase)} | ${mdInline(q.revealedBy)} |`);
    }
  }
  out.push('');

  out.push(`## Code (${r.code.language})`, '', fence(r.code.text, r.code.language), '');

  out.push(...runsMd(r.runs));
  if (r.people?.length) {
    out.push('## People', '');
    for (const line of r.people) out.push(`- ${iso(line.at)}: ${mdInline(line.text)}`);
    out.push('');
  }

  out.push('## Whiteboard', '');
  if (r.whiteboard.shapes === 0) out.push('The whiteboard was empty.', '');
  out.push(fence(r.whiteboard.svg, 'svg'), '');

  out.push('## Notes and scorecard', '');
  if (r.notes.length === 0) out.push('No notes available to you.', '');
  for (const n of r.notes) {
    out.push(`### ${mdInline(n.label)}`, '', n.text.trim() ? fence(n.text, 'text') : '_No notes._', '', ...scorecardMd(n.scorecard), '');
  }
  return out.join('\n');
}
