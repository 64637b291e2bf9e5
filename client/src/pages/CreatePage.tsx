/** `/`: create an interview room, then land in it as its interviewer. */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { AGENDA_TEMPLATES, AGENDA_TEMPLATE_NAMES, agendaFromTemplate, type Agenda, type AgendaTemplate } from '../../../shared/agenda.js';
import { AgendaEditor, cleanAgenda } from '../components/AgendaEditor.js';
import type { RoomMode } from '../../../shared/protocol.js';
import { api, ApiError } from '../lib/api.js';
import { saveInvites, saveSession } from '../lib/session.js';
import { navigate } from '../router.js';
import { DEFAULT_LANGUAGE, type Language } from '../../../shared/schema.js';
import { LanguageOptions } from '../components/LanguageOptions.js';
import { rememberStartLanguage } from '../room/startLanguage.js';
import { ThemeSelect } from '../theme/ThemeSelect.js';

const NAME_KEY = 'duet:name';
const CREATE_KEY = 'duet:create-key';

export function CreatePage(): JSX.Element {
  const [title, setTitle] = useState('');
  const [hostName, setHostName] = useState(() => localStorage.getItem(NAME_KEY) ?? '');
  const [mode, setMode] = useState<RoomMode>('interview');
  const [agenda, setAgenda] = useState<Agenda>(() => agendaFromTemplate('technical-round'));
  const [preset, setPreset] = useState<AgendaTemplate | 'custom'>('technical-round');
  const [guaranteeCoding, setGuaranteeCoding] = useState(false);
  const [language, setLanguage] = useState<Language>(DEFAULT_LANGUAGE);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [createKey, setCreateKey] = useState(() => localStorage.getItem(CREATE_KEY) ?? '');
  const [needsKey, setNeedsKey] = useState(() => createKey !== '');

  const pickPreset = (id: string): void => {
    if (id === 'custom') {
      setPreset('custom');
      return;
    }
    const template = id as AgendaTemplate;
    setPreset(template);
    setAgenda(agendaFromTemplate(template));
    setMode(template === 'peer-mock' ? 'peer' : 'interview');
  };

  /**
   * The mode decides the agenda too: a peer mock needs the peer agenda's swap phase (or nothing
   * swaps halfway), an interview the technical round. A custom agenda is the host's to keep.
   */
  const pickMode = (next: RoomMode): void => {
    setMode(next);
    if (preset === 'custom') return;
    const template: AgendaTemplate = next === 'peer' ? 'peer-mock' : preset === 'peer-mock' ? 'technical-round' : preset;
    setPreset(template);
    setAgenda(agendaFromTemplate(template));
  };
  const hasSwap = agenda.some((p) => p.kind === 'swap');

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const name = hostName.trim();
      if (name) localStorage.setItem(NAME_KEY, name);
      const created = await api.createRoom({
        mode,
        agenda: cleanAgenda(agenda),
        guaranteeCoding,
        ...(title.trim() ? { title: title.trim() } : {}),
        ...(name ? { hostName: name } : {}),
      }, createKey.trim());
      if (createKey.trim()) localStorage.setItem(CREATE_KEY, createKey.trim());
      saveSession(created.room.id, { token: created.hostToken, participant: created.participant });
      saveInvites(created.room.id, created.invites);
      if (language !== DEFAULT_LANGUAGE) rememberStartLanguage(created.room.id, language);
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
        <ThemeSelect />
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
        <label class="field">
          <span>Pad language</span>
          <select name="language" value={language} onChange={(e) => setLanguage(e.currentTarget.value as Language)}>
            <LanguageOptions />
          </select>
        </label>
        <fieldset class="field">
          <legend>Mode</legend>
          <label class="inline">
            <input type="radio" name="mode" value="interview" checked={mode === 'interview'} onChange={() => pickMode('interview')} /> Interview
          </label>
          <label class="inline">
            <input type="radio" name="mode" value="peer" checked={mode === 'peer'} onChange={() => pickMode('peer')} /> Peer mock (two seats, swap
            halfway)
          </label>
          {mode === 'peer' ? (
            <p class={hasSwap ? 'muted small' : 'error small'} data-testid="peer-agenda-note" role={hasSwap ? undefined : 'alert'}>
              {hasSwap
                ? 'Peer agenda: two rounds with a swap phase halfway, when seat B becomes the interviewer.'
                : 'This agenda has no swap phase: the seats will only swap when one of you presses “Swap roles”.'}
            </p>
          ) : null}
        </fieldset>
        <fieldset class="field">
          <legend>Agenda</legend>
          <label class="field">
            <span>Template</span>
            <select name="preset" value={preset} onChange={(e) => pickPreset(e.currentTarget.value)}>
              {AGENDA_TEMPLATE_NAMES.map((name) => (
                <option key={name} value={name}>
                  {AGENDA_TEMPLATES[name].label}
                </option>
              ))}
              <option value="custom">Custom</option>
            </select>
          </label>
          <AgendaEditor
            agenda={agenda}
            onChange={(next) => {
              setPreset('custom');
              setAgenda(next);
            }}
          />
          <label class="inline">
            <input type="checkbox" name="guaranteeCoding" checked={guaranteeCoding} onChange={(e) => setGuaranteeCoding(e.currentTarget.checked)} /> Guarantee
            coding time (overruns come off the phases after it, never off coding)
          </label>
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
