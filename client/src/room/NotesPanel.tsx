/**
 * The interviewers' notes document: free notes with one-key timestamps, and the scorecard (flat
 * keys in the `scorecard` Y.Map, see SCORECARD_KEYS, so two interviewers never clobber each other).
 */
import type { JSX } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { EditorView } from '@codemirror/view';
import * as Y from 'yjs';
import {
  NOTES,
  RECOMMENDATIONS,
  RECOMMENDATION_LABELS,
  SCORECARD_AREAS,
  SCORECARD_AREA_LABELS,
  RATING_LABELS,
  SCORECARD_KEYS,
  STAR_FIELDS,
  readScorecard,
  type Rating,
  type Scorecard,
} from '../../../shared/schema.js';
import { noteStamp } from '../../../shared/timer.js';
import { CodePad, createCodeUndoManager } from '../pad/CodePad.js';
import type { ClockSnapshot, NotesHandle } from '../lib/connection.js';

const RATINGS: Rating[] = [1, 2, 3, 4];
const STAR_LABELS = { situation: 'Situation', task: 'Task', action: 'Action', result: 'Result' } as const;

export function NotesPanel(props: {
  notes: NotesHandle;
  clock: ClockSnapshot | null;
  heading: string;
  /** Behavioral questions revealed so far: each gets a STAR capture keyed by its id. */
  behavioral: { id: string; title: string }[];
  /** Interview rooms, interviewers: whether observers may read these notes. */
  observers: { allowed: boolean; set: (allowed: boolean) => void } | null;
}): JSX.Element {
  const { notes } = props;
  const text = useMemo(() => notes.doc.getText(NOTES.notes), [notes.doc]);
  const undo = useMemo(() => createCodeUndoManager(text), [text]);
  const view = useRef<EditorView | null>(null);
  const clock = useRef(props.clock);
  clock.current = props.clock;
  const readOnly = notes.access !== 'write';

  /** `[Coding 12:31] ` at the cursor: the phase and the time into it, by the server's clock. */
  const stamp = (v: EditorView | null): boolean => {
    const c = clock.current;
    if (!v || readOnly || !c) return false;
    const line = noteStamp(c.timer, c.agenda, c.serverNow + (Date.now() - c.receivedAt));
    v.dispatch(v.state.replaceSelection(line));
    v.focus();
    return true;
  };
  const keys = useMemo(() => [{ key: 'Alt-t', run: (v: EditorView) => stamp(v) }], [readOnly]);

  return (
    <div class="notes-panel">
      <section class="notes" aria-labelledby="notes-heading">
        <div class="row">
          <h3 id="notes-heading">{props.heading}</h3>
          <span class="spacer" />
          {!readOnly ? (
            <button type="button" class="small-button" title="Insert the phase and time (Alt+T)" onClick={() => stamp(view.current)}>
              Timestamp
            </button>
          ) : null}
        </div>
        <CodePad
          key={notes.name}
          text={text}
          awareness={notes.provider.awareness}
          undoManager={undo}
          readOnly={readOnly}
          label="Interviewer notes"
          prose
          keys={keys}
          onView={(v) => (view.current = v)}
        />
      </section>
      {props.observers ? (
        <label class="inline small">
          <input type="checkbox" checked={props.observers.allowed} onChange={(e) => props.observers?.set(e.currentTarget.checked)} /> Observers may read
          these notes
        </label>
      ) : null}
      <ScorecardForm doc={notes.doc} readOnly={readOnly} behavioral={props.behavioral} />
    </div>
  );
}

function useScorecard(map: Y.Map<unknown>): Scorecard {
  const [card, setCard] = useState(() => readScorecard(map));
  useEffect(() => {
    const onChange = (): void => setCard(readScorecard(map));
    map.observe(onChange);
    onChange();
    return () => map.unobserve(onChange);
  }, [map]);
  return card;
}

function ScorecardForm(props: { doc: Y.Doc; readOnly: boolean; behavioral: { id: string; title: string }[] }): JSX.Element {
  const map = useMemo(() => props.doc.getMap<unknown>(NOTES.scorecard), [props.doc]);
  const card = useScorecard(map);
  const { readOnly } = props;
  const set = (key: string, value: unknown): void => {
    if (!readOnly) map.set(key, value);
  };
  const [starTitle, setStarTitle] = useState('');

  return (
    <section class="scorecard" aria-labelledby="scorecard-heading">
      <h3 id="scorecard-heading">Scorecard</h3>
      <p class="muted small rating-scale" id="rating-scale">
        {RATINGS.map((r) => `${r} ${RATING_LABELS[r].toLowerCase()}`).join(' · ')}
      </p>
      {SCORECARD_AREAS.map((area) => (
        <fieldset key={area} class="score-area" disabled={readOnly}>
          <legend>{SCORECARD_AREA_LABELS[area]}</legend>
          <div class="ratings" role="radiogroup" aria-label={`${SCORECARD_AREA_LABELS[area]} rating`}>
            {RATINGS.map((r) => (
              <label key={r} class="rating" title={RATING_LABELS[r]}>
                <input type="radio" name={`rating-${area}`} value={r} checked={card.areas[area].rating === r} onChange={() => set(SCORECARD_KEYS.rating(area), r)} />
                {r}
              </label>
            ))}
            <span class="rating-meaning muted small">{card.areas[area].rating ? RATING_LABELS[card.areas[area].rating] : ''}</span>
          </div>
          <textarea
            aria-label={`${SCORECARD_AREA_LABELS[area]} comment`}
            rows={2}
            value={card.areas[area].comment}
            onInput={(e) => set(SCORECARD_KEYS.comment(area), e.currentTarget.value)}
          />
        </fieldset>
      ))}
      <h4>Behavioral answers (STAR)</h4>
      {card.star.map((star) => (
        <fieldset key={star.questionId} class="star" disabled={readOnly}>
          <legend>{star.title || 'Behavioral question'}</legend>
          {STAR_FIELDS.map((field) => (
            <label key={field} class="field">
              <span>{STAR_LABELS[field]}</span>
              <textarea rows={2} value={star[field]} onInput={(e) => set(SCORECARD_KEYS.star(star.questionId, field), e.currentTarget.value)} />
            </label>
          ))}
          <div class="ratings" role="radiogroup" aria-label={`${star.title} rating`}>
            {RATINGS.map((r) => (
              <label key={r} class="rating" title={RATING_LABELS[r]}>
                <input type="radio" name={`star-${star.questionId}`} checked={star.rating === r} onChange={() => set(SCORECARD_KEYS.star(star.questionId, 'rating'), r)} />
                {r}
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      {!readOnly
        ? props.behavioral
            .filter((q) => !card.star.some((s) => s.questionId === q.id))
            .map((q) => (
              <button key={q.id} type="button" class="small-button" onClick={() => set(SCORECARD_KEYS.star(q.id, 'title'), q.title)}>
                Capture STAR: {q.title}
              </button>
            ))
        : null}
      {!readOnly ? (
        <form
          class="row"
          onSubmit={(e) => {
            e.preventDefault();
            const title = starTitle.trim();
            if (!title) return;
            const id = `q${Date.now().toString(36)}`;
            set(SCORECARD_KEYS.star(id, 'title'), title);
            setStarTitle('');
          }}
        >
          <input aria-label="Behavioral question" placeholder="Question asked…" value={starTitle} onInput={(e) => setStarTitle(e.currentTarget.value)} />
          <button type="submit">Add</button>
        </form>
      ) : null}
      <label class="field recommendation">
        <span>Recommendation</span>
        <select
          disabled={readOnly}
          value={card.recommendation ?? ''}
          onChange={(e) => {
            const value = e.currentTarget.value;
            if (value) set(SCORECARD_KEYS.recommendation, value);
            else if (!readOnly) map.delete(SCORECARD_KEYS.recommendation);
          }}
        >
          <option value="">Not decided</option>
          {RECOMMENDATIONS.map((r) => (
            <option key={r} value={r}>
              {RECOMMENDATION_LABELS[r]}
            </option>
          ))}
        </select>
      </label>
    </section>
  );
}
