/**
 * Questions in the room: what has been revealed (everyone), its guidance (interviewers only, as the
 * server sends it), and the bank to search and reveal from (interviewers).
 */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { DIFFICULTIES, QUESTION_KINDS, type Difficulty, type Question, type QuestionGuidance, type QuestionFilter, type QuestionKind, type QuestionPublic } from '../../../shared/questions.js';
import type { Ack, RevealRequest, RevealResult, RevealedQuestion } from '../../../shared/protocol.js';
import { api, ApiError } from '../lib/api.js';
import { download } from '../board/export.js';
import { useConfirm } from '../components/ConfirmDialog.js';
import { QuestionEditor } from './QuestionEditor.js';

const KIND_LABELS: Record<QuestionKind, string> = { coding: 'Coding', 'system-design': 'System design', concept: 'Concept', behavioral: 'Behavioral' };

/** Plain-text paragraphs (blank-line separated), rendered as text nodes. */
function Paragraphs(props: { text: string }): JSX.Element {
  return (
    <>
      {props.text.split(/\n\s*\n/).map((p, i) => (
        <p key={i} class="statement">
          {p}
        </p>
      ))}
    </>
  );
}

function QuestionBody(props: { question: QuestionPublic }): JSX.Element {
  const q = props.question;
  return (
    <div class="question-body">
      <Paragraphs text={q.statement} />
      {q.examples?.length ? (
        <div class="examples">
          {q.examples.map((ex, i) => (
            <div key={i} class="example">
              <div>
                <strong>Input:</strong> <code>{ex.input}</code>
              </div>
              <div>
                <strong>Output:</strong> <code>{ex.output}</code>
              </div>
              {ex.explanation ? <div class="muted">{ex.explanation}</div> : null}
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}

function List(props: { title: string; items: string[] }): JSX.Element | null {
  if (props.items.length === 0) return null;
  return (
    <>
      <h5>{props.title}</h5>
      <ul>
        {props.items.map((item, i) => (
          <li key={i}>{item}</li>
        ))}
      </ul>
    </>
  );
}

function Guidance(props: { guidance: QuestionGuidance }): JSX.Element {
  const g = props.guidance;
  return (
    <details class="guidance">
      <summary>Interviewer guidance</summary>
      <List title="A good answer covers" items={g.goodAnswer} />
      <List title="Hints" items={g.hints} />
      <List title="Follow-ups" items={g.followUps} />
      <List title="Rubric" items={g.rubric.map((r) => `${r.score}: ${r.description}`)} />
    </details>
  );
}

function Meta(props: { question: QuestionPublic }): JSX.Element {
  const q = props.question;
  return (
    <span class="question-meta">
      {KIND_LABELS[q.kind]} · {q.difficulty}
      {q.tags.length ? ` · ${q.tags.join(', ')}` : ''}
    </span>
  );
}

export function QuestionPanel(props: {
  revealed: RevealedQuestion[];
  guidance: Readonly<Record<string, QuestionGuidance>>;
  /** Interviewers get the bank; `null` for everyone else. */
  bank: { token: string; reveal: (request: RevealRequest) => Promise<Ack<RevealResult>>; canReveal: boolean } | null;
}): JSX.Element {
  const latestFirst = [...props.revealed].reverse();
  return (
    <div class="question-panel">
      {latestFirst.length === 0 ? <p class="muted">{props.bank ? 'No question revealed yet. Pick one from the bank below.' : 'No question yet. The interviewer will reveal one here.'}</p> : null}
      {latestFirst.map((r, i) => (
        <article key={r.question.id} class="revealed-question" data-question-id={r.question.id}>
          <details open={i === 0}>
            <summary>
              <strong class="question-title">{r.question.title}</strong> <Meta question={r.question} />
            </summary>
            <QuestionBody question={r.question} />
            {props.guidance[r.question.id] ? <Guidance guidance={props.guidance[r.question.id]!} /> : null}
          </details>
        </article>
      ))}
      {props.bank ? <QuestionBank {...props.bank} revealedIds={new Set(props.revealed.map((r) => r.question.id))} /> : null}
    </div>
  );
}

function QuestionBank(props: {
  token: string;
  reveal: (request: RevealRequest) => Promise<Ack<RevealResult>>;
  canReveal: boolean;
  revealedIds: ReadonlySet<string>;
}): JSX.Element {
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<QuestionKind | ''>('');
  const [difficulty, setDifficulty] = useState<Difficulty | ''>('');
  const [tag, setTag] = useState('');
  const [results, setResults] = useState<Question[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [insertStarter, setInsertStarter] = useState(true);
  const [busy, setBusy] = useState<string | null>(null);
  const confirm = useConfirm();
  /** Bumped to load the list again after a change. */
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState<Question | 'new' | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      const filter: QuestionFilter = {};
      if (q.trim()) filter.q = q.trim();
      if (kind) filter.kind = kind;
      if (difficulty) filter.difficulty = difficulty;
      if (tag) filter.tag = tag;
      api.questions(props.token, filter).then(
        (r) => !cancelled && (setResults(r.questions), setError(null)),
        (err: unknown) => !cancelled && setError(err instanceof ApiError ? err.message : 'Could not load the question bank.'),
      );
    }, 200);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [props.token, q, kind, difficulty, tag, version]);

  const fail = (err: unknown, what: string): void => setError(err instanceof ApiError ? err.message : `Could not ${what}.`);

  const exportAll = async (): Promise<void> => {
    try {
      const data = await api.exportQuestions(props.token);
      download(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }), 'duet-questions.json');
    } catch (err) {
      fail(err, 'export the questions');
    }
  };

  const importFile = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    try {
      const body: unknown = JSON.parse(await file.text());
      const result = await api.importQuestions(props.token, body);
      setMessage(`Imported ${result.imported} question${result.imported === 1 ? '' : 's'}.`);
      setVersion((v) => v + 1);
    } catch (err) {
      if (err instanceof SyntaxError) setError('That file is not JSON.');
      else fail(err, 'import the questions');
    }
  };

  const remove = async (question: Question): Promise<void> => {
    const ok = await confirm.ask({ title: 'Delete this question?', message: `“${question.title}” is deleted from this server's questions.`, confirm: 'Delete', danger: true });
    if (!ok) return;
    try {
      await api.deleteQuestion(props.token, question.id);
      setVersion((v) => v + 1);
    } catch (err) {
      fail(err, 'delete the question');
    }
  };

  if (editing) {
    return (
      <section class="bank" aria-labelledby="bank-heading">
        <h3 id="bank-heading">{editing === 'new' ? 'New question' : 'Edit question'}</h3>
        <QuestionEditor
          token={props.token}
          question={editing === 'new' ? null : editing}
          onDone={(changed) => {
            setEditing(null);
            if (changed) setVersion((v) => v + 1);
          }}
        />
      </section>
    );
  }

  const reveal = async (id: string): Promise<void> => {
    setBusy(id);
    const result = await props.reveal({ questionId: id, insertStarter });
    setBusy(null);
    setError(result.ok ? null : result.error.message);
  };

  return (
    <section class="bank" aria-labelledby="bank-heading">
      <div class="row">
        <h3 id="bank-heading">Question bank</h3>
        <span class="spacer" />
        <button type="button" class="small-button" onClick={() => setEditing('new')}>
          New
        </button>
        <button type="button" class="small-button" onClick={() => void exportAll()}>
          Export
        </button>
        <label class="small-button file-button">
          Import
          <input
            type="file"
            accept="application/json,.json"
            class="sr-only"
            onChange={(e) => {
              void importFile(e.currentTarget.files?.[0]);
              e.currentTarget.value = '';
            }}
          />
        </label>
      </div>
      {message ? <p class="muted small" role="status">{message}</p> : null}
      <div class="bank-filters">
        <input type="search" aria-label="Search questions" placeholder="Search…" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        <select aria-label="Kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as QuestionKind | '')}>
          <option value="">All kinds</option>
          {QUESTION_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
        <select aria-label="Difficulty" value={difficulty} onChange={(e) => setDifficulty(e.currentTarget.value as Difficulty | '')}>
          <option value="">Any difficulty</option>
          {DIFFICULTIES.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
        <input aria-label="Tag" placeholder="Tag" value={tag} onInput={(e) => setTag(e.currentTarget.value.trim())} />
      </div>
      <label class="inline small">
        <input type="checkbox" checked={insertStarter} onChange={(e) => setInsertStarter(e.currentTarget.checked)} /> Put starter code in the pad
      </label>
      {error ? <p class="error" role="alert">{error}</p> : null}
      {results === null ? <p class="muted">Loading…</p> : results.length === 0 ? <p class="muted">No questions match.</p> : null}
      <ul class="bank-list">
        {results?.map((question) => (
          <li key={question.id} class="bank-item" data-question-id={question.id}>
            <details>
              <summary>
                <span class="question-title">{question.title}</span> <Meta question={question} />
              </summary>
              <QuestionBody question={question} />
              <Guidance guidance={question.guidance} />
              {question.source === 'custom' ? (
                <div class="row">
                  <button type="button" class="small-button" onClick={() => setEditing(question)}>
                    Edit
                  </button>
                  <button type="button" class="small-button danger" onClick={() => void remove(question)}>
                    Delete
                  </button>
                </div>
              ) : null}
            </details>
            <button
              type="button"
              class="primary small-button"
              aria-label={`Reveal ${question.title}`}
              disabled={!props.canReveal || busy !== null || props.revealedIds.has(question.id)}
              onClick={() => void reveal(question.id)}
            >
              {props.revealedIds.has(question.id) ? 'Revealed' : busy === question.id ? 'Revealing…' : 'Reveal'}
            </button>
          </li>
        ))}
      </ul>
      {confirm.dialog}
    </section>
  );
}
