/** The interview report as a document: tables, local times, the whiteboard as a picture, notes and scorecard. */
import type { ComponentChildren, JSX } from 'preact';
import type { InterviewReport, ReportNotes } from '../../../shared/report.js';
import { RATING_LABELS, RECOMMENDATION_LABELS, SCORECARD_AREAS, SCORECARD_AREA_LABELS, type Rating } from '../../../shared/schema.js';
import { ROLE_LABELS } from '../room/labels.js';
import { formatDateTime, formatDuration, formatTime, svgImageSource } from './format.js';

function When(props: { at: number; time?: boolean }): JSX.Element {
  return <time dateTime={new Date(props.at).toISOString()}>{props.time ? formatTime(props.at) : formatDateTime(props.at)}</time>;
}

const rating = (r: Rating | null): string => (r === null ? '—' : `${r} · ${RATING_LABELS[r]}`);

/** A moment of the interview, linked to its playback when the reader may play it back. */
function MomentLink(props: { href: string | undefined; children: ComponentChildren }): JSX.Element {
  return props.href ? <a href={props.href}>{props.children}</a> : <>{props.children}</>;
}

function Notes(props: { notes: ReportNotes }): JSX.Element {
  const { scorecard } = props.notes;
  return (
    <section class="report-notes">
      <h3>{props.notes.label}</h3>
      {props.notes.text.trim() ? <div class="report-notes-text">{props.notes.text}</div> : <p class="muted">No notes.</p>}
      <table>
        <caption>Scorecard</caption>
        <thead>
          <tr>
            <th scope="col">Area</th>
            <th scope="col">Rating</th>
            <th scope="col">Comment</th>
          </tr>
        </thead>
        <tbody>
          {SCORECARD_AREAS.map((area) => (
            <tr key={area}>
              <th scope="row">{SCORECARD_AREA_LABELS[area]}</th>
              <td>{rating(scorecard.areas[area].rating)}</td>
              <td>{scorecard.areas[area].comment}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {scorecard.star.map((s) => (
        <div class="report-star" key={s.questionId}>
          <h4>
            {s.title} <span class="muted">(STAR, {rating(s.rating)})</span>
          </h4>
          <dl>
            {(['situation', 'task', 'action', 'result'] as const).map((f) => (
              <div key={f}>
                <dt>{f[0]!.toUpperCase() + f.slice(1)}</dt>
                <dd>{s[f] || '—'}</dd>
              </div>
            ))}
          </dl>
        </div>
      ))}
      <p>
        <strong>Recommendation:</strong> {scorecard.recommendation ? RECOMMENDATION_LABELS[scorecard.recommendation] : 'none yet'}
      </p>
    </section>
  );
}

export function ReportView(props: { report: InterviewReport }): JSX.Element {
  const r = props.report;
  const { agenda, accommodations } = r;
  return (
    <article class="report-doc" data-testid="report">
      <header>
        <h1>{r.room.title}</h1>
        <p class="muted">
          {r.room.mode === 'peer' ? 'Peer mock' : 'Interview'} · started <When at={r.room.createdAt} />
          {r.room.endedAt ? (
            <>
              {' '}
              · ended <When at={r.room.endedAt} />
            </>
          ) : (
            ' · still open'
          )}
        </p>
      </header>

      <section>
        <h2>People</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              {r.room.mode === 'peer' ? <th scope="col">Seat</th> : null}
            </tr>
          </thead>
          <tbody>
            {r.participants.map((p, i) => (
              <tr key={i}>
                <td>{p.name}</td>
                <td>{ROLE_LABELS[p.role]}</td>
                {r.room.mode === 'peer' ? <td>{p.seat ? p.seat.toUpperCase() : '—'}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section>
        <h2>Agenda: planned and actual</h2>
        <table data-testid="report-agenda">
          <thead>
            <tr>
              <th scope="col">Phase</th>
              <th scope="col">Planned</th>
              <th scope="col">Actual</th>
            </tr>
          </thead>
          <tbody>
            {agenda.phases.map((p, i) => (
              <tr key={i} class={p.actualMs !== null && p.actualMs > p.plannedMs ? 'over' : undefined}>
                <td>{p.name}</td>
                <td>{formatDuration(p.plannedMs)}</td>
                <td>{p.actualMs === null ? 'not reached' : formatDuration(p.actualMs)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td>{formatDuration(agenda.plannedTotalMs)}</td>
              <td>{formatDuration(agenda.actualTotalMs)}</td>
            </tr>
          </tfoot>
        </table>
        {accommodations.extraTime !== 1 || accommodations.breaks > 0 ? (
          <p>
            Accommodations: {accommodations.extraTime !== 1 ? `${accommodations.extraTime}× time on every phase` : 'no extra time'}
            {accommodations.breaks > 0 ? `; ${accommodations.breaks} break${accommodations.breaks === 1 ? '' : 's'} (${formatDuration(accommodations.breakMs)})` : ''}.
          </p>
        ) : null}
      </section>

      <section>
        <h2>Questions</h2>
        {r.questions.length === 0 ? (
          <p class="muted">No question was revealed.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Revealed</th>
                <th scope="col">Question</th>
                <th scope="col">Kind</th>
                <th scope="col">Phase</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {r.questions.map((q) => (
                <tr key={q.id}>
                  <td>
                    <MomentLink href={q.playback}>
                      <When at={q.revealedAt} time />
                    </MomentLink>
                  </td>
                  <td>{q.title}</td>
                  <td>
                    {q.kind}, {q.difficulty}
                  </td>
                  <td>{q.phase}</td>
                  <td>{q.revealedBy}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section>
        <h2>Code ({r.code.language})</h2>
        {r.code.text.trim() ? <pre class="report-code"><code>{r.code.text}</code></pre> : <p class="muted">The pad is empty.</p>}
      </section>

      <section>
        <h2>Whiteboard</h2>
        {r.whiteboard.shapes > 0 ? (
          <img class="report-board" src={svgImageSource(r.whiteboard.svg)} alt={`The whiteboard: ${r.whiteboard.shapes} shapes`} />
        ) : (
          <p class="muted">Nothing was drawn.</p>
        )}
      </section>

      {r.runs.length ? (
        <section>
          <h2>Code runs</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">By</th>
                <th scope="col">Language</th>
                <th scope="col">Result</th>
                <th scope="col">Took</th>
              </tr>
            </thead>
            <tbody>
              {r.runs.map((run, i) => (
                <tr key={i}>
                  <td>
                    <MomentLink href={run.playback}>
                      <When at={run.startedAt} time />
                    </MomentLink>
                  </td>
                  <td>{run.by}</td>
                  <td>{run.language}</td>
                  <td>{run.status}</td>
                  <td>{run.durationMs === null ? '—' : formatDuration(run.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      <section>
        <h2>Notes and scorecard</h2>
        {r.notes.length === 0 ? <p class="muted">No notes you may read.</p> : r.notes.map((n, i) => <Notes key={i} notes={n} />)}
      </section>

      <footer class="muted small">
        Generated <When at={r.generatedAt} />
        {r.playback ? (
          <>
            {' · '}
            <a href={r.playback}>Play the interview back</a>
          </>
        ) : null}
      </footer>
    </article>
  );
}
