/** `/join/<invite>`: check the link first, so a bad link or a finished interview is said plainly. */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type InviteInfo } from '../lib/api.js';
import { saveSession } from '../lib/session.js';
import { navigate } from '../router.js';
import { ROLE_LABELS } from '../room/labels.js';

const NAME_KEY = 'duet:name';

type State =
  | { kind: 'checking' }
  | { kind: 'ready'; info: InviteInfo }
  | { kind: 'problem'; title: string; message: string };

function describe(err: unknown): { title: string; message: string } {
  if (err instanceof ApiError) {
    if (err.status === 410 || err.code === 'gone') return { title: 'This interview is over', message: 'The interview this link belongs to has ended. Thanks for taking part!' };
    if (err.status === 401 || err.status === 403 || err.status === 404 || err.code === 'unauthorized') {
      return { title: 'This link does not work', message: 'The invite link is not valid, has expired or was revoked. Ask your interviewer for a new one.' };
    }
    if (err.status === 429) return { title: 'Too many attempts', message: 'Please wait a minute and try again.' };
    return { title: 'Something went wrong', message: err.message };
  }
  return { title: 'Something went wrong', message: 'Please try again.' };
}

/** In a peer room the link is a seat (A interviews first, B is interviewed first), not a fixed role. */
function joiningAs(info: InviteInfo): string {
  if (info.room.mode === 'peer' && info.seat) return `Peer — seat ${info.seat.toUpperCase()}`;
  return ROLE_LABELS[info.role];
}

export function JoinPage(props: { invite: string }): JSX.Element {
  const [state, setState] = useState<State>({ kind: 'checking' });
  const [name, setName] = useState(() => localStorage.getItem(NAME_KEY) ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.inspectInvite(props.invite).then(
      (info) => setState({ kind: 'ready', info }),
      (err: unknown) => setState({ kind: 'problem', ...describe(err) }),
    );
  }, [props.invite]);

  const join = async (e: Event, info: InviteInfo): Promise<void> => {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setError('Please enter your name.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      localStorage.setItem(NAME_KEY, trimmed);
      const joined = await api.join(info.room.id, props.invite, trimmed);
      saveSession(joined.room.id, { token: joined.token, participant: joined.participant });
      navigate(`/r/${encodeURIComponent(joined.room.id)}`, true);
    } catch (err) {
      const problem = describe(err);
      if (err instanceof ApiError && (err.status === 410 || err.status === 401)) setState({ kind: 'problem', ...problem });
      else setError(problem.message);
      setBusy(false);
    }
  };

  return (
    <main class="narrow">
      <header class="brand">
        <h1>Duet</h1>
      </header>
      {state.kind === 'checking' ? <p class="muted">Checking your invite…</p> : null}
      {state.kind === 'problem' ? (
        <section class="card" role="alert" data-testid="join-problem">
          <h2>{state.title}</h2>
          <p>{state.message}</p>
        </section>
      ) : null}
      {state.kind === 'ready' ? (
        <form class="card join-form" onSubmit={(e) => void join(e, state.info)}>
          <h2>Join “{state.info.room.title}”</h2>
          <p class="muted">
            You are joining as <strong>{joiningAs(state.info)}</strong>
            {state.info.room.status === 'ended' ? ' — this interview has ended; you can read it but not change it.' : '.'}
          </p>
          {state.info.room.mode === 'peer' && state.info.seat && state.info.room.status !== 'ended' ? (
            <p class="muted small">
              A peer mock has two seats that take turns: seat A interviews first, then you swap halfway
              {state.info.seat === 'b' ? ' and you interview' : ''}.
            </p>
          ) : null}
          <label class="field">
            <span>Your name</span>
            <input name="name" value={name} maxLength={60} required autoFocus autoComplete="name" onInput={(e) => setName(e.currentTarget.value)} />
          </label>
          {error ? <p class="error" role="alert">{error}</p> : null}
          <button type="submit" class="primary" disabled={busy}>
            {busy ? 'Joining…' : 'Join'}
          </button>
        </form>
      ) : null}
    </main>
  );
}
