/**
 * The run console under the pad: Run (and Ctrl/Cmd+Enter), Stop, Run tests, a stdin box, Clear,
 * and every run of the room as it streams in, tagged with who ran it, the language, the time and
 * the status. Interviewers also allow or disallow Run for the candidate and set the time limit.
 *
 * Only this panel is in the room page's first load; the runners load on the first Run.
 */
import type { JSX } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type * as Y from 'yjs';
import { allowed } from '../../../shared/policy.js';
import type { QuestionGuidance } from '../../../shared/questions.js';
import type { RevealedQuestion } from '../../../shared/protocol.js';
import { isRunLanguage, RUN_LIMITS, testLanguageOf, type RunRecord } from '../../../shared/run.js';
import { LANGUAGE_LABELS, padLanguage, type Language } from '../../../shared/schema.js';
import type { RoomConnection, RoomSnapshot } from '../lib/connection.js';
import { RunFeed } from './feed.js';
import { loadSandbox, runInRoom, stopRun } from './runInRoom.js';
import type { JobCase } from './sandbox/messages.js';
import { useRunAnnouncements } from '../a11y/useRunAnnouncements.js';
import './console.css';

const TIME_LIMITS = [5, 10, 20, 30, 60] as const;
const STATUS_LABELS: Record<RunRecord['status'], string> = { running: 'running…', ok: 'ok', error: 'error', timeout: 'timed out', stopped: 'stopped' };

/**
 * The test cases of the latest revealed question that has some for this language: its visible
 * cases, and — for interviewers, whose guidance carries them — its hidden ones, named by number so
 * the room learns only whether each passed.
 */
export function casesFor(revealed: readonly RevealedQuestion[], guidance: Readonly<Record<string, QuestionGuidance>>, language: Language): JobCase[] {
  const testLanguage = testLanguageOf(language);
  if (!testLanguage) return [];
  for (const r of [...revealed].reverse()) {
    const visible = r.question.tests?.[testLanguage] ?? [];
    const hidden = guidance[r.question.id]?.hiddenTests?.[testLanguage] ?? [];
    if (visible.length + hidden.length === 0) continue;
    return [...visible.map((c) => ({ ...c, hidden: false })), ...hidden.map((c, i) => ({ ...c, name: `hidden ${i + 1}`, hidden: true }))];
  }
  return [];
}

/** The SQL schema and data of the latest revealed question that has some. */
const seedOf = (revealed: readonly RevealedQuestion[]): string | undefined => [...revealed].reverse().find((r) => r.question.sqlSeed)?.question.sqlSeed;

function usePadLanguage(meta: Y.Map<unknown>): Language {
  const [language, setLanguage] = useState(() => padLanguage(meta.get('language')));
  useEffect(() => {
    const update = (): void => setLanguage(padLanguage(meta.get('language')));
    meta.observe(update);
    update();
    return () => meta.unobserve(update);
  }, [meta]);
  return language;
}

export function RunConsole(props: { conn: RoomConnection; snap: RoomSnapshot; code: Y.Text; meta: Y.Map<unknown> }): JSX.Element {
  const { conn, snap } = props;
  const feed = useMemo(() => new RunFeed(conn.control), [conn]);
  const [runs, setRuns] = useState<RunRecord[]>(feed.current);
  useRunAnnouncements(runs);
  const [stdin, setStdin] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const outputRef = useRef<HTMLDivElement>(null);
  const language = usePadLanguage(props.meta);
  const room = snap.room;
  const who = { role: snap.you.role, seat: snap.you.seat ?? null };
  const mayRun = room !== null && allowed(room, who, { type: 'run:start' });
  const runsInterview = room !== null && allowed(room, who, { type: 'run:clear' });
  const runnable = isRunLanguage(language);
  const cases = casesFor(room?.revealed ?? [], snap.guidance, language);
  const limitSec = room?.runTimeLimitSec ?? RUN_LIMITS.timeLimitSec.default;

  useEffect(() => {
    const off = feed.subscribe(setRuns);
    return () => {
      off();
      feed.destroy();
    };
  }, [feed]);

  // Keep the newest output in view.
  useEffect(() => {
    const el = outputRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [runs]);

  // Python and SQL take a moment to load: start them as soon as the pad is in that language.
  useEffect(() => {
    if (mayRun && (language === 'python' || language === 'sql')) void loadSandbox().then((s) => s.warm(language), () => undefined);
  }, [mayRun, language]);

  const start = async (kind: 'run' | 'tests'): Promise<void> => {
    if (busy || !mayRun || !isRunLanguage(language)) return;
    setBusy(true);
    setProblem(null);
    const sqlSeed = language === 'sql' ? seedOf(room?.revealed ?? []) : undefined;
    const error = await runInRoom(conn.control, feed, {
      language,
      kind,
      code: props.code.toString(),
      stdin,
      limitSec,
      ...(sqlSeed ? { sqlSeed } : {}),
      ...(kind === 'tests' ? { tests: cases } : {}),
    });
    setBusy(false);
    setProblem(error ? error.message : null);
  };

  // Ctrl/Cmd+Enter runs, from anywhere in the room (captured before the editor's own binding).
  const startRef = useRef(start);
  startRef.current = start;
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey) || e.shiftKey || e.altKey) return;
      e.preventDefault();
      e.stopPropagation();
      void startRef.current('run');
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  const clear = (): void => {
    if (runsInterview) void conn.control.timeout(5000).emitWithAck('run:clear').then((a) => setProblem(a.ok ? null : a.error.message), () => undefined);
    else feed.clearView();
  };

  const why = !runnable
    ? `No runner for ${LANGUAGE_LABELS[language]}: Duet runs JavaScript, TypeScript, Python and SQL.`
    : !mayRun
      ? room?.status === 'ended'
        ? 'The interview has ended.'
        : snap.you.role === 'observer'
          ? 'Observers watch runs.'
          : 'The interviewer has turned off running code.'
      : null;

  return (
    <section class="run-console" aria-label="Run console">
      <div class="run-bar">
        {busy ? (
          <button type="button" class="danger" data-testid="run-stop" onClick={stopRun}>
            Stop
          </button>
        ) : (
          <button type="button" class="primary" data-testid="run" disabled={!runnable || !mayRun} onClick={() => void start('run')} title="Run the pad's code (Ctrl/Cmd+Enter)">
            ▶ Run {runnable ? LANGUAGE_LABELS[language] : ''}
          </button>
        )}
        {cases.length > 0 ? (
          <button type="button" data-testid="run-tests" disabled={busy || !mayRun} onClick={() => void start('tests')}>
            Run tests ({cases.length})
          </button>
        ) : null}
        <button type="button" onClick={clear} title={runsInterview ? 'Clear the console for everyone' : 'Clear your view of the console'}>
          Clear
        </button>
        <span class="spacer" />
        {runsInterview && room ? (
          <>
            <label class="inline small">
              <input type="checkbox" data-testid="run-allow-candidate" checked={room.candidatesRun} onChange={(e) => void conn.settings({ candidatesRun: e.currentTarget.checked })} /> Candidate may run
            </label>
            <label class="inline small">
              Limit{' '}
              <select value={String(limitSec)} onChange={(e) => void conn.settings({ runTimeLimitSec: Number(e.currentTarget.value) })}>
                {TIME_LIMITS.map((s) => (
                  <option key={s} value={String(s)}>
                    {s} s
                  </option>
                ))}
              </select>
            </label>
          </>
        ) : null}
      </div>
      {why ? <p class="run-note small">{why}</p> : null}
      {problem ? (
        <p class="run-note error small" role="alert">
          {problem}
        </p>
      ) : null}
      {mayRun && runnable ? (
        <textarea class="run-stdin" data-testid="run-stdin" rows={2} placeholder="Input (stdin) for the program" aria-label="Program input (stdin)" value={stdin} onInput={(e) => setStdin(e.currentTarget.value)} />
      ) : null}
      <div class="run-log" data-testid="run-output" ref={outputRef} role="log" aria-live="polite" aria-label="Run output" tabIndex={0}>
        {runs.length === 0 ? <p class="run-empty small">Runs appear here for everyone in the room.</p> : null}
        {runs.map((run) => (
          <RunEntry key={run.id} run={run} />
        ))}
      </div>
    </section>
  );
}

function RunEntry({ run }: { run: RunRecord }): JSX.Element {
  const passed = run.tests?.filter((t) => t.passed).length ?? 0;
  return (
    <article class={`run-entry run-${run.status}`} data-run-id={run.id} data-status={run.status} data-language={run.language}>
      <header class="run-head small">
        <strong>{run.byName}</strong> ran {run.kind === 'tests' ? 'tests in ' : ''}
        {LANGUAGE_LABELS[run.language]} · <span class="run-status">{STATUS_LABELS[run.status]}</span>
        {run.durationMs !== null ? ` · ${run.durationMs} ms` : ''}
        {run.tests ? ` · ${passed}/${run.tests.length} passed` : ''}
      </header>
      {run.output ? <pre class="run-text">{run.output}</pre> : null}
      {run.truncated ? <p class="run-truncated small">Output truncated at {RUN_LIMITS.outputChars / 1024} KB.</p> : null}
    </article>
  );
}
