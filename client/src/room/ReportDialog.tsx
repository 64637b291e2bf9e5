/** The interview report (interviewers, and peers for their own seat), as the server renders it. */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../lib/api.js';
import { download } from '../board/export.js';
import type { InterviewReport } from '../../../shared/report.js';
import { formatClock } from '../../../shared/timer.js';

export function ReportDialog(props: { roomId: string; token: string; onClose: () => void }): JSX.Element {
  const [markdown, setMarkdown] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [moments, setMoments] = useState<InterviewReport | null>(null);
  useEffect(() => {
    // The JSON form carries the links to each entry's moment in the playback.
    api.reportJson(props.roomId, props.token).then(setMoments, () => undefined);
    api.reportMarkdown(props.roomId, props.token).then(setMarkdown, (err: unknown) =>
      setError(err instanceof ApiError ? err.message : 'Could not load the report.'),
    );
  }, [props.roomId, props.token]);

  const downloadJson = async (): Promise<void> => {
    try {
      const report = await api.reportJson(props.roomId, props.token);
      download(new Blob([JSON.stringify(report, null, 2)], { type: 'application/json' }), 'duet-report.json');
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not load the report.');
    }
  };

  return (
    <div class="overlay" role="presentation" onClick={(e) => e.target === e.currentTarget && props.onClose()}>
      <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="report-heading" onKeyDown={(e) => e.key === 'Escape' && props.onClose()}>
        <div class="row">
          <h2 id="report-heading">Interview report</h2>
          <span class="spacer" />
          <button type="button" disabled={!markdown} onClick={() => markdown && download(new Blob([markdown], { type: 'text/markdown' }), 'duet-report.md')}>
            Download Markdown
          </button>
          <button type="button" onClick={() => void downloadJson()}>
            Download JSON
          </button>
          <button type="button" autoFocus onClick={props.onClose}>
            Close
          </button>
        </div>
        {error ? <p class="error" role="alert">{error}</p> : null}
        {markdown === null && !error ? <p class="muted">Building the report…</p> : null}
        {moments ? (
          <nav class="report-moments" aria-label="Moments in the playback">
            <a href={moments.playback}>Play the interview back</a>
            {moments.questions.map((q) => (
              <a key={q.id} href={q.playback}>
                {formatClock(q.revealedAt - moments.room.createdAt)} {q.title} revealed
              </a>
            ))}
            {moments.runs.map((r, i) => (
              <a key={`run-${i}`} href={r.playback}>
                {formatClock(r.startedAt - moments.room.createdAt)} {r.by} ran {r.language} ({r.status})
              </a>
            ))}
          </nav>
        ) : null}
        {markdown !== null ? <pre class="report" data-testid="report">{markdown}</pre> : null}
      </div>
    </div>
  );
}
