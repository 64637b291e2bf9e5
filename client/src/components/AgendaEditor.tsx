/** An agenda as an editable table: used to create a room and to change a live room's agenda. */
import type { JSX } from 'preact';
import { AGENDA_LIMITS, PHASE_KINDS, agendaMinutes, type Agenda, type Phase, type PhaseKind } from '../../../shared/agenda.js';

export function AgendaEditor(props: { agenda: Agenda; onChange: (agenda: Agenda) => void; disabled?: boolean }): JSX.Element {
  const { agenda, onChange } = props;
  const setPhase = (i: number, changes: Partial<Phase>): void => onChange(agenda.map((p, j) => (j === i ? { ...p, ...changes } : p)));
  const move = (i: number, by: number): void => {
    const j = i + by;
    if (j < 0 || j >= agenda.length) return;
    const next = agenda.slice();
    [next[i], next[j]] = [next[j]!, next[i]!];
    onChange(next);
  };
  return (
    <div class="agenda-editor-wrap">
      <table class="agenda-editor">
        <thead>
          <tr>
            <th scope="col">Phase</th>
            <th scope="col">Minutes</th>
            <th scope="col">Kind</th>
            <th scope="col">
              <span class="sr-only">Order and remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {agenda.map((phase, i) => (
            <tr key={phase.id ?? i}>
              <td>
                <input
                  aria-label={`Phase ${i + 1} name`}
                  value={phase.name}
                  maxLength={AGENDA_LIMITS.maxNameLength}
                  disabled={props.disabled}
                  onInput={(e) => setPhase(i, { name: e.currentTarget.value })}
                />
              </td>
              <td>
                <input
                  aria-label={`Phase ${i + 1} minutes`}
                  type="number"
                  min={1}
                  max={AGENDA_LIMITS.maxMinutes}
                  value={phase.minutes}
                  disabled={props.disabled}
                  onInput={(e) => setPhase(i, { minutes: Math.max(0, Math.min(AGENDA_LIMITS.maxMinutes, Math.round(Number(e.currentTarget.value) || 0))) })}
                />
              </td>
              <td>
                <select aria-label={`Phase ${i + 1} kind`} value={phase.kind} disabled={props.disabled} onChange={(e) => setPhase(i, { kind: e.currentTarget.value as PhaseKind })}>
                  {PHASE_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {k}
                    </option>
                  ))}
                </select>
              </td>
              <td class="row-actions">
                <button type="button" class="icon" aria-label={`Move phase ${i + 1} up`} disabled={props.disabled || i === 0} onClick={() => move(i, -1)}>
                  ↑
                </button>
                <button type="button" class="icon" aria-label={`Move phase ${i + 1} down`} disabled={props.disabled || i === agenda.length - 1} onClick={() => move(i, 1)}>
                  ↓
                </button>
                <button type="button" class="icon" aria-label={`Remove phase ${i + 1}`} disabled={props.disabled || agenda.length <= 1} onClick={() => onChange(agenda.filter((_, j) => j !== i))}>
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="row">
        <button
          type="button"
          disabled={props.disabled || agenda.length >= AGENDA_LIMITS.maxPhases}
          onClick={() => onChange([...agenda, { name: 'Phase', minutes: 10, kind: 'other' }])}
        >
          Add phase
        </button>
        <span class="muted">Total {agendaMinutes(agenda)} min</span>
      </div>
    </div>
  );
}

/** Phases worth sending: named and at least a minute long. */
export function cleanAgenda(agenda: Agenda): Agenda {
  return agenda.filter((p) => p.name.trim() && p.minutes > 0).map((p) => ({ ...p, name: p.name.trim() }));
}
