/** The interview clock as the server keeps it; only interviewers get the controls. */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { breakElapsed, formatClock, timerView } from '../../../shared/timer.js';
import { currentPhaseMs, effectiveAgenda, EXTRA_TIME_FACTORS, withExtraTime, type Agenda, type ExtraTimeFactor } from '../../../shared/agenda.js';
import type { RoomSettingsRequest, SetAgendaRequest, TimerEvent } from '../../../shared/protocol.js';
import { AgendaEditor, cleanAgenda } from '../components/AgendaEditor.js';
import type { ErrorBody } from '../../../shared/errors.js';
import type { ClockSnapshot } from '../lib/connection.js';

const STATUS_LABELS = { idle: 'Not started', running: 'Running', paused: 'Paused', stopped: 'Ended' } as const;

export function TimerBar(props: {
  clock: ClockSnapshot | null;
  /** Earlier overruns come off later phases, never off coding (shown to everyone). */
  guaranteeCoding: boolean;
  /** Extra time on every phase (an accommodation, shown to everyone). */
  extraTime: number;
  controls: boolean;
  onCommand: (command: TimerEvent) => Promise<ErrorBody | null>;
  onSetAgenda: (request: SetAgendaRequest) => Promise<ErrorBody | null>;
  onSettings: (request: RoomSettingsRequest) => Promise<ErrorBody | null>;
}): JSX.Element {
  const { clock } = props;
  const [, tick] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [draft, setDraft] = useState<Agenda | null>(null);
  const running = clock?.timer.status === 'running';
  const onBreak = clock !== null && clock.timer.breakSince !== null;

  useEffect(() => {
    if (!running && !onBreak) return;
    const id = setInterval(() => tick((n) => n + 1), 250);
    return () => clearInterval(id);
  }, [running, onBreak]);

  if (!clock || clock.agenda.length === 0) {
    return (
      <div class="timer-bar" aria-label="Interview timer">
        <span class="muted">{clock ? 'No agenda' : 'Waiting for the clock…'}</span>
      </div>
    );
  }

  const now = clock.serverNow + (Date.now() - clock.receivedAt);
  // The clock times the agenda with the extra time in it; the editor keeps the plan as written.
  const agenda = withExtraTime(clock.agenda, props.extraTime);
  const plan = effectiveAgenda(agenda, clock.timer, now, props.guaranteeCoding);
  const view = timerView(clock.timer, agenda, now, currentPhaseMs(agenda, clock.timer, now, props.guaranteeCoding));
  const ahead = plan.phases.slice(view.phaseIndex + 1);
  const run = async (action: () => Promise<ErrorBody | null>): Promise<boolean> => {
    setBusy(true);
    const problem = await action();
    setBusy(false);
    setError(problem ? problem.message : null);
    return problem === null;
  };
  // While a command is on its way the buttons say so (aria-disabled) but stay focusable: a disabled
  // button drops the keyboard focus to the page, and the person would have to find their place again.
  const command = (c: TimerEvent) => {
    if (!busy) void run(() => props.onCommand(c));
  };
  const live = view.status === 'running' || view.status === 'paused';
  const toggle = TOGGLES[view.status];
  const clockClass = live && view.overtime ? 'clock overtime' : live && view.warning ? 'clock warning' : 'clock';

  return (
    <div class="timer-bar" role="region" aria-label="Interview timer" data-status={view.status}>
      <div class="phase">
        <span class="phase-count">
          Phase {view.phaseIndex + 1}/{clock.agenda.length}
        </span>
        <strong class="phase-name">{view.phaseName}</strong>
        <span class="timer-status">{onBreak ? `On a break ${formatClock(breakElapsed(clock.timer, now))}` : STATUS_LABELS[view.status]}</span>
      </div>
      <div class={clockClass} data-testid="clock" aria-live="off" title={view.overtime ? 'Over the planned time' : view.warning ? 'Less than 5 minutes left' : 'Time left in this phase'}>
        {view.overtime ? `+${formatClock(-view.remainingMs)}` : formatClock(view.remainingMs)}
      </div>
      {/* Warnings only while the clock is live: before the start or after the end they are noise. */}
      {live && view.overtime ? <span class="badge danger">Overtime</span> : live && view.warning ? <span class="badge warn">Under 5 min</span> : null}
      {props.controls ? (
        <div class="timer-controls" role="group" aria-label="Timer controls">
          {/* One button that changes its job (Start, Pause, Resume), so the keyboard focus stays on it when the state changes. */}
          {toggle ? (
            <button type="button" class={toggle.primary ? 'primary' : undefined} aria-disabled={busy} onClick={() => command(toggle.command)}>
              {toggle.label}
            </button>
          ) : null}
          {view.status === 'running' ? (
            <button type="button" aria-disabled={busy} title="Pause the clock for a break; the report records it" onClick={() => command('timer:break')}>
              Break
            </button>
          ) : null}
          <button type="button" aria-disabled={busy} disabled={view.isLastPhase || view.status === 'stopped'} onClick={() => command('timer:next')}>Next phase</button>
          <button type="button" aria-disabled={busy} disabled={view.status === 'stopped'} onClick={() => command('timer:reset')}>Reset</button>
          <button type="button" aria-expanded={draft !== null} onClick={() => setDraft(draft ? null : clock.agenda.map((p) => ({ ...p })))}>
            Edit agenda
          </button>
        </div>
      ) : null}
      <ol class="agenda-ahead" aria-label="Agenda ahead">
        {ahead.map((p) => (
          <li key={p.index} class={p.shrunkMs > 0 ? 'shrunk' : undefined} title={p.shrunkMs > 0 ? `Shortened from ${Math.round(p.plannedMs / 60_000)} min by earlier overruns` : undefined}>
            {p.name} <span class="muted">{minutes(p.effectiveMs)}m</span>
          </li>
        ))}
      </ol>
      {props.extraTime !== 1 ? (
        <span class="badge" data-testid="extra-time" title="Every phase is longer by this factor">
          Extra time {props.extraTime}×
        </span>
      ) : null}
      {props.guaranteeCoding ? <span class="badge" title="Earlier overruns come off later phases, never off coding">Coding time guaranteed</span> : null}
      {plan.overrunMs > 0 && !props.guaranteeCoding ? <span class="badge warn">Running {minutes(plan.overrunMs)}m over</span> : null}
      {error ? <span class="error" role="alert">{error}</span> : null}
      {draft && props.controls ? (
        <div class="agenda-popover" role="dialog" aria-label="Edit agenda">
          <AgendaEditor agenda={draft} onChange={setDraft} disabled={busy} />
          <label class="inline">
            <input type="checkbox" checked={props.guaranteeCoding} disabled={busy} onChange={(e) => void run(() => props.onSettings({ guaranteeCoding: e.currentTarget.checked }))} />{' '}
            Guarantee coding time
          </label>
          <label class="inline">
            Extra time{' '}
            <select
              value={String(props.extraTime)}
              disabled={busy}
              onChange={(e) => void run(() => props.onSettings({ extraTime: Number(e.currentTarget.value) as ExtraTimeFactor }))}
            >
              {EXTRA_TIME_FACTORS.map((f) => (
                <option key={f} value={String(f)}>
                  {f === 1 ? 'None' : `${f}× every phase`}
                </option>
              ))}
            </select>
          </label>
          <div class="row">
            <button
              type="button"
              class="primary"
              disabled={busy || cleanAgenda(draft).length === 0}
              onClick={() => void run(() => props.onSetAgenda({ agenda: cleanAgenda(draft) })).then((ok) => ok && setDraft(null))}
            >
              Apply
            </button>
            <button type="button" onClick={() => setDraft(null)}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}

/** The clock's main button in each state (none once it has ended). */
const TOGGLES: Record<string, { label: string; command: TimerEvent; primary: boolean } | undefined> = {
  idle: { label: 'Start', command: 'timer:start', primary: true },
  running: { label: 'Pause', command: 'timer:pause', primary: false },
  paused: { label: 'Resume', command: 'timer:resume', primary: true },
};

function minutes(ms: number): number {
  return Math.round(ms / 60_000);
}
