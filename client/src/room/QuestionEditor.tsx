/** Writing a server's own question: the public part and the interviewer-only guidance. */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { DIFFICULTIES, QUESTION_KINDS, QUESTION_LIMITS, type Difficulty, type Question, type QuestionInput, type QuestionKind } from '../../../shared/questions.js';
import { api, ApiError } from '../lib/api.js';

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, QUESTION_LIMITS.maxItems);

export function QuestionEditor(props: { token: string; question: Question | null; onDone: (changed: boolean) => void }): JSX.Element {
  const q = props.question;
  const [title, setTitle] = useState(q?.title ?? '');
  const [kind, setKind] = useState<QuestionKind>(q?.kind ?? 'coding');
  const [difficulty, setDifficulty] = useState<Difficulty>(q?.difficulty ?? 'medium');
  const [tags, setTags] = useState(q?.tags.join(', ') ?? '');
  const [statement, setStatement] = useState(q?.statement ?? '');
  const [starter, setStarter] = useState(q?.starterCode?.javascript ?? '');
  const [goodAnswer, setGoodAnswer] = useState(q?.guidance.goodAnswer.join('\n') ?? '');
  const [hints, setHints] = useState(q?.guidance.hints.join('\n') ?? '');
  const [followUps, setFollowUps] = useState(q?.guidance.followUps.join('\n') ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (e: Event): Promise<void> => {
    e.preventDefault();
    const input: QuestionInput = {
      title: title.trim(),
      kind,
      difficulty,
      tags: tags
        .split(',')
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean)
        .slice(0, QUESTION_LIMITS.maxTags),
      statement: statement.trim(),
      guidance: { goodAnswer: lines(goodAnswer), hints: lines(hints), followUps: lines(followUps), rubric: q?.guidance.rubric ?? [] },
    };
    const starterCode = { ...(q?.starterCode ?? {}) };
    if (starter.trim()) starterCode.javascript = starter;
    else delete starterCode.javascript;
    if (Object.keys(starterCode).length) input.starterCode = starterCode;
    if (q?.examples) input.examples = q.examples;
    setBusy(true);
    try {
      if (q) await api.updateQuestion(props.token, q.id, input);
      else await api.createQuestion(props.token, input);
      props.onDone(true);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not save the question.');
      setBusy(false);
    }
  };

  return (
    <form class="question-editor" onSubmit={(e) => void save(e)} aria-label={q ? 'Edit question' : 'New question'}>
      <label class="field">
        <span>Title</span>
        <input required maxLength={QUESTION_LIMITS.maxTitle} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
      </label>
      <div class="row">
        <label class="field">
          <span>Kind</span>
          <select value={kind} onChange={(e) => setKind(e.currentTarget.value as QuestionKind)}>
            {QUESTION_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>Difficulty</span>
          <select value={difficulty} onChange={(e) => setDifficulty(e.currentTarget.value as Difficulty)}>
            {DIFFICULTIES.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label class="field">
        <span>Tags (comma separated)</span>
        <input value={tags} onInput={(e) => setTags(e.currentTarget.value)} />
      </label>
      <label class="field">
        <span>Statement (what the candidate sees)</span>
        <textarea required rows={5} maxLength={QUESTION_LIMITS.maxText} value={statement} onInput={(e) => setStatement(e.currentTarget.value)} />
      </label>
      {kind === 'coding' ? (
        <label class="field">
          <span>Starter code (JavaScript)</span>
          <textarea rows={4} class="mono" maxLength={QUESTION_LIMITS.maxCode} value={starter} onInput={(e) => setStarter(e.currentTarget.value)} />
        </label>
      ) : null}
      <label class="field">
        <span>A good answer covers (one per line, interviewers only)</span>
        <textarea rows={3} value={goodAnswer} onInput={(e) => setGoodAnswer(e.currentTarget.value)} />
      </label>
      <label class="field">
        <span>Hints (one per line)</span>
        <textarea rows={2} value={hints} onInput={(e) => setHints(e.currentTarget.value)} />
      </label>
      <label class="field">
        <span>Follow-ups (one per line)</span>
        <textarea rows={2} value={followUps} onInput={(e) => setFollowUps(e.currentTarget.value)} />
      </label>
      {error ? <p class="error" role="alert">{error}</p> : null}
      <div class="row">
        <button type="submit" class="primary" disabled={busy}>
          {q ? 'Save' : 'Add question'}
        </button>
        <button type="button" onClick={() => props.onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
