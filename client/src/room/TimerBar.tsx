/** The interview clock as the server keeps it; only interviewers get the controls. */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { formatClock, timerView } from '../../../shared/timer.js';
import type { TimerEvent } from '../../../shared/protocol.js';
import type { ErrorBody } from '../../../shared/errors.js';
import type { ClockSnapshot } from '../lib/connection.js';

const STATUS_LABELS = { idle: 'Not started', running: 'Running', paused: 'Paused', stopped: 'Ended' } as const;

export function TimerBar(props: {
  clock: ClockSnapshot | null;
  controls: boolean;
  onCommand: (command: TimerEvent) => Promise<ErrorBody | null>;
}): JSX.Element {
  const { clock } = props;
  const [, tick] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const running = clock?.timer.status === 'running';

  useEffect(() => {
    if (!running) return;
    const id = setInterval(() => tick((n) => n + 1), 250);
    return () => clearInterval(id);
  }, [running]);

  if (!clock || clock.agenda.length === 0) {
    return (
      <div class="timer-bar" aria-label="Interview timer">
        <span class="muted">{clock ? 'No agenda' : 'Waiting for the clock…'}</span>
      </div>
    );
  }

  const view = timerView(clock.timer, clock.agenda, clock.serverNow + (Date.now() - clock.receivedAt));
  const ahead = clock.agenda.slice(view.phaseIndex + 1);
  const run = async (command: TimerEvent): Promise<void> => {
    setBusy(true);
    const problem = await props.onCommand(command);
    setBusy(false);
    setError(problem ? problem.message : null);
  };
  const clockClass = view.overtime ? 'clock overtime' : view.warning ? 'clock warning' : 'clock';

  return (
    <div class="timer-bar" role="region" aria-label="Interview timer" data-status={view.status}>
      <div class="phase">
        <span class="phase-count">
          Phase {view.phaseIndex + 1}/{clock.agenda.length}
        </span>
        <strong class="phase-name">{view.phaseName}</strong>
        <span class="timer-status">{STATUS_LABELS[view.status]}</span>
      </div>
      <div class={clockClass} data-testid="clock" aria-live="off" title={view.overtime ? 'Over the planned time' : view.warning ? 'Less than 5 minutes left' : 'Time left in this phase'}>
        {view.overtime ? `+${formatClock(-view.remainingMs)}` : formatClock(view.remainingMs)}
      </div>
      {view.overtime ? <span class="badge danger">Overtime</span> : view.warning ? <span class="badge warn">Under 5 min</span> : null}
      {props.controls ? (
        <div class="timer-controls" role="group" aria-label="Timer controls">
          {view.status === 'idle' ? (
            <button type="button" class="primary" disabled={busy} onClick={() => void run('timer:start')}>Start</button>
          ) : null}
          {view.status === 'running' ? <button type="button" disabled={busy} onClick={() => void run('timer:pause')}>Pause</button> : null}
          {view.status === 'paused' ? <button type="button" class="primary" disabled={busy} onClick={() => void run('timer:resume')}>Resume</button> : null}
          <button type="button" disabled={busy || view.isLastPhase || view.status === 'stopped'} onClick={() => void run('timer:next')}>Next phase</button>
          <button type="button" disabled={busy || view.status === 'stopped'} onClick={() => void run('timer:reset')}>Reset</button>
        </div>
      ) : null}
      <ol class="agenda-ahead" aria-label="Agenda ahead">
        {ahead.map((p, i) => (
          <li key={i}>
            {p.name} <span class="muted">{p.minutes}m</span>
          </li>
        ))}
      </ol>
      {error ? <span class="error" role="alert">{error}</span> : null}
    </div>
  );
}
