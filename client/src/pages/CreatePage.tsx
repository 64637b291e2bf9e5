/** `/`: create an interview room, then land in it as its interviewer. */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { AGENDA_LIMITS, DEFAULT_AGENDA, PHASE_KINDS, agendaMinutes, type Agenda, type PhaseKind } from '../../../shared/agenda.js';
import type { RoomMode } from '../../../shared/protocol.js';
import { api, ApiError } from '../lib/api.js';
import { saveInvites, saveSession } from '../lib/session.js';
import { navigate } from '../router.js';

const PRESETS: { id: string; label: string; agenda: Agenda }[] = [
  { id: 'standard', label: 'Technical round (60 min)', agenda: DEFAULT_AGENDA },
  {
    id: 'coding',
    label: 'Coding only (45 min)',
    agenda: [
      { name: 'Intro', minutes: 5, kind: 'intro' },
      { name: 'Coding', minutes: 35, kind: 'coding' },
      { name: 'Candidate questions', minutes: 5, kind: 'questions' },
    ],
  },
  {
    id: 'design',
    label: 'System design (50 min)',
    agenda: [
      { name: 'Intro', minutes: 5, kind: 'intro' },
      { name: 'System design', minutes: 40, kind: 'system-design' },
      { name: 'Candidate questions', minutes: 5, kind: 'questions' },
    ],
  },
  {
    id: 'peer',
    label: 'Peer mock: swap halfway (60 min)',
    agenda: [
      { name: 'Round 1', minutes: 25, kind: 'coding' },
      { name: 'Feedback & swap', minutes: 5, kind: 'swap' },
      { name: 'Round 2', minutes: 25, kind: 'coding' },
      { name: 'Feedback', minutes: 5, kind: 'other' },
    ],
  },
];

const NAME_KEY = 'duet:name';
const CREATE_KEY = 'duet:create-key';

export function CreatePage(): JSX.Element {
  const [title, setTitle] = useState('');
  const [hostName, setHostName] = useState(() => localStorage.getItem(NAME_KEY) ?? '');
  const [mode, setMode] = useState<RoomMode>('interview');
  const [agenda, setAgenda] = useState<Agenda>(() => DEFAULT_AGENDA.map((p) => ({ ...p })));
  const [preset, setPreset] = useState('standard');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [createKey, setCreateKey] = useState(() => localStorage.getItem(CREATE_KEY) ?? '');
  const [needsKey, setNeedsKey] = useState(() => createKey !== '');

  const pickPreset = (id: string): void => {
    const found = PRESETS.find((p) => p.id === id);
    setPreset(id);
    if (found) setAgenda(found.agenda.map((p) => ({ ...p })));
    if (id === 'peer') setMode('peer');
  };

  const setPhase = (i: number, changes: Partial<Agenda[number]>): void => {
    setPreset('custom');
    setAgenda(agenda.map((p, j) => (j === i ? { ...p, ...changes } : p)));
  };

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const name = hostName.trim();
      if (name) localStorage.setItem(NAME_KEY, name);
      const created = await api.createRoom({
        mode,
        agenda: agenda.filter((p) => p.name.trim() && p.minutes > 0).map((p) => ({ ...p, name: p.name.trim() })),
        ...(title.trim() ? { title: title.trim() } : {}),
        ...(name ? { hostName: name } : {}),
      }, createKey.trim());
      if (createKey.trim()) localStorage.setItem(CREATE_KEY, createKey.trim());
      saveSession(created.room.id, { token: created.hostToken, participant: created.participant });
      saveInvites(created.room.id, created.invites);
      navigate(`/r/${encodeURIComponent(created.room.id)}`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        // The server was started with DUET_CREATE_KEY: only people with the key create rooms.
        setNeedsKey(true);
        setError(createKey ? 'That create key was not accepted.' : 'This server needs a create key to create rooms. Ask whoever runs it.');
      } else {
        setError(err instanceof ApiError ? err.message : 'Something went wrong creating the room.');
      }
      setBusy(false);
    }
  };

  return (
    <main class="narrow">
      <header class="brand">
        <h1>Duet</h1>
        <p class="muted">Live pair interviews: a shared code pad, a system-design whiteboard and one clock.</p>
      </header>
      <form class="card create-form" onSubmit={(e) => void submit(e)}>
        <h2>Create an interview</h2>
        <label class="field">
          <span>Title</span>
          <input name="title" value={title} maxLength={120} placeholder="Backend engineer — onsite 2" onInput={(e) => setTitle(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Your name</span>
          <input name="hostName" value={hostName} maxLength={60} placeholder="Alex (interviewer)" onInput={(e) => setHostName(e.currentTarget.value)} />
        </label>
        <fieldset class="field">
          <legend>Mode</legend>
          <label class="inline">
            <input type="radio" name="mode" value="interview" checked={mode === 'interview'} onChange={() => setMode('interview')} /> Interview
          </label>
          <label class="inline">
            <input type="radio" name="mode" value="peer" checked={mode === 'peer'} onChange={() => setMode('peer')} /> Peer mock
          </label>
        </fieldset>
        <fieldset class="field">
          <legend>Agenda</legend>
          <label class="field">
            <span>Template</span>
            <select name="preset" value={preset} onChange={(e) => pickPreset(e.currentTarget.value)}>
              {PRESETS.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                </option>
              ))}
              <option value="custom">Custom</option>
            </select>
          </label>
          <table class="agenda-editor">
            <thead>
              <tr>
                <th scope="col">Phase</th>
                <th scope="col">Minutes</th>
                <th scope="col">Kind</th>
                <th scope="col"><span class="sr-only">Remove</span></th>
              </tr>
            </thead>
            <tbody>
              {agenda.map((phase, i) => (
                <tr key={i}>
                  <td>
                    <input aria-label={`Phase ${i + 1} name`} value={phase.name} maxLength={AGENDA_LIMITS.maxNameLength} onInput={(e) => setPhase(i, { name: e.currentTarget.value })} />
                  </td>
                  <td>
                    <input
                      aria-label={`Phase ${i + 1} minutes`}
                      type="number"
                      min={1}
                      max={AGENDA_LIMITS.maxMinutes}
                      value={phase.minutes}
                      onInput={(e) => setPhase(i, { minutes: Math.max(0, Math.min(AGENDA_LIMITS.maxMinutes, Number(e.currentTarget.value) || 0)) })}
                    />
                  </td>
                  <td>
                    <select aria-label={`Phase ${i + 1} kind`} value={phase.kind} onChange={(e) => setPhase(i, { kind: e.currentTarget.value as PhaseKind })}>
                      {PHASE_KINDS.map((k) => (
                        <option key={k} value={k}>
                          {k}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <button type="button" class="icon" aria-label={`Remove phase ${i + 1}`} disabled={agenda.length <= 1} onClick={() => { setPreset('custom'); setAgenda(agenda.filter((_, j) => j !== i)); }}>
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
              disabled={agenda.length >= AGENDA_LIMITS.maxPhases}
              onClick={() => {
                setPreset('custom');
                setAgenda([...agenda, { name: 'Phase', minutes: 10, kind: 'other' }]);
              }}
            >
              Add phase
            </button>
            <span class="muted">Total {agendaMinutes(agenda)} min</span>
          </div>
        </fieldset>
        {needsKey ? (
          <label class="field">
            <span>Create key</span>
            <input name="createKey" type="password" value={createKey} autoComplete="off" onInput={(e) => setCreateKey(e.currentTarget.value)} />
          </label>
        ) : null}
        {error ? <p class="error" role="alert">{error}</p> : null}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create room'}
        </button>
      </form>
    </main>
  );
}
