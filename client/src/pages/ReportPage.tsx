/**
 * `/r/<roomId>/report`: the interview report as a page (interviewers, and the peers for their own
 * seat), with one click to print or save as PDF; the Markdown and JSON downloads stay.
 */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { InterviewReport } from '../../../shared/report.js';
import { api, ApiError } from '../lib/api.js';
import { loadSession } from '../lib/session.js';
import { download } from '../board/export.js';
import { ReportView } from '../report/ReportView.js';
import '../report/report.css';

export function ReportPage(props: { roomId: string }): JSX.Element {
  const [session] = useState(() => loadSession(props.roomId));
  const [report, setReport] = useState<InterviewReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const roomPath = `/r/${encodeURIComponent(props.roomId)}`;

  useEffect(() => {
    if (!session) return;
    api.reportJson(props.roomId, session.token).then(setReport, (err: unknown) => setError(err instanceof ApiError ? err.message : 'Could not load the report.'));
  }, [props.roomId, session]);

  useEffect(() => {
    if (report) document.title = `Report: ${report.room.title} · Duet`;
  }, [report]);

  if (!session) {
    return (
      <main class="narrow">
        <section class="card" role="alert">
          <h2>You are not in this room</h2>
          <p>The report is for the room's interviewers. Open the room from your invite or private link first.</p>
        </section>
      </main>
    );
  }

  const downloadMarkdown = async (): Promise<void> => {
    try {
      download(new Blob([await api.reportMarkdown(props.roomId, session.token)], { type: 'text/markdown' }), 'duet-report.md');
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not load the report.');
    }
  };

  return (
    <main class="report-page">
      <nav class="report-toolbar" aria-label="Report">
        <a href={roomPath}>← Back to the room</a>
        <span class="spacer" />
        <button type="button" class="primary" disabled={!report} onClick={() => print()}>
          Print or save as PDF
        </button>
        <button type="button" onClick={() => void downloadMarkdown()}>
          Download Markdown
        </button>
        <button
          type="button"
          disabled={!report}
          onClick={() => report && download(new Blob([JSON.stringify(report, null, 2)], { type: 'application/json' }), 'duet-report.json')}
        >
          Download JSON
        </button>
      </nav>
      {error ? <p class="error" role="alert">{error}</p> : null}
      {!report && !error ? <p class="muted">Building the report…</p> : null}
      {report ? <ReportView report={report} /> : null}
    </main>
  );
}
