/**
 * Right after creating a room, what to do next: the link to send to the candidate (or peer) with
 * what each role can do, and the interviewer's own private link back in. It opens by itself until
 * dismissed, and the header's "Invite" button brings it back.
 */
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { InviteLink, PrivateLink } from '../../../shared/protocol.js';
import type { Role } from '../../../shared/roles.js';
import { api, ApiError } from '../lib/api.js';
import { copyText } from '../lib/clipboard.js';
import { saveInvites } from '../lib/session.js';
import { INVITE_LABELS } from './labels.js';
import { PEER_LABELS } from './Invites.js';
import './onboarding.css';

const ORDER: Role[] = ['candidate', 'observer', 'interviewer'];

const CAN_DO: Record<Role, string> = {
  candidate: 'Edits the code pad and the whiteboard and sees the questions you reveal. Never sees your notes, scorecard or question guidance.',
  observer: 'Watches the pad, the board and the clock without editing. Reads your notes only if you allow it.',
  interviewer: 'Runs the clock and reveals questions with you, and writes the shared private notes and scorecard.',
};

const PEER_CAN_DO: Record<Role, string> = {
  candidate: 'Your peer takes seat B. Seat A interviews first; you swap halfway, and each writes notes about the other.',
  observer: 'Watches without editing.',
  interviewer: 'Seat A again, on another device of yours.',
};

function LinkRow(props: { id: string; label: string; url: string; role?: Role }): JSX.Element {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  return (
    <div class="onboard-link">
      <input ref={input} id={props.id} class="onboard-url" data-role={props.role} readOnly value={props.url} onFocus={(e) => e.currentTarget.select()} />
      <button type="button" aria-label={`Copy ${props.label} link`} onClick={() => void copyText(props.url, input.current).then(setCopied)}>
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}

export function InvitePanel(props: {
  roomId: string;
  token: string;
  invites: Partial<Record<Role, InviteLink>> | null;
  peer: boolean;
  /** Whether this person gets a private link (interviewers and peers). */
  privateLink: boolean;
  onClose: () => void;
}): JSX.Element {
  const labels = props.peer ? PEER_LABELS : INVITE_LABELS;
  const canDo = props.peer ? PEER_CAN_DO : CAN_DO;
  const [links, setLinks] = useState<Partial<Record<Role, InviteLink>>>(props.invites ?? {});
  const [mine, setMine] = useState<PrivateLink | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    heading.current?.focus();
    if (!props.privateLink) return;
    api.privateLink(props.roomId, props.token).then(setMine, (err: unknown) => setError(err instanceof ApiError ? err.message : 'Could not make your private link.'));
  }, [props.roomId, props.token, props.privateLink]);

  const create = async (role: Role): Promise<void> => {
    setBusy(true);
    try {
      const { invite } = await api.createInvite(props.roomId, props.token, role);
      const next = { ...links, [role]: invite };
      setLinks(next);
      saveInvites(props.roomId, next);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not make that link.');
    } finally {
      setBusy(false);
    }
  };

  // A peer room has two seats: the observer link is left to the Invites tab.
  const roles = props.peer ? (['candidate', 'interviewer'] as Role[]) : ORDER;
  return (
    <section class="onboarding" aria-labelledby="onboarding-heading" data-testid="invite-panel">
      <div class="row">
        <h2 id="onboarding-heading" tabIndex={-1} ref={heading}>
          {props.peer ? 'Invite your peer' : 'Invite your candidate'}
        </h2>
        <span class="spacer" />
        <button type="button" class="primary" onClick={props.onClose}>
          Done
        </button>
      </div>
      <p class="muted">
        {props.peer
          ? 'Send the seat B link to the person you practise with. Everyone gets their own link; nobody needs an account.'
          : 'Send the candidate link to your candidate. Each link lets people in with one role; nobody needs an account.'}
      </p>
      <div class="onboard-grid">
        {roles.map((role) => (
          <div class={`onboard-role onboard-${role}`} key={role}>
            <label for={`onboard-${role}`} class="onboard-label">
              {labels[role]}
            </label>
            <p class="muted small">{canDo[role]}</p>
            {links[role] ? (
              <LinkRow id={`onboard-${role}`} label={labels[role]} url={links[role].url} role={role} />
            ) : (
              <button type="button" id={`onboard-${role}`} class="small-button" disabled={busy} onClick={() => void create(role)}>
                Create link
              </button>
            )}
          </div>
        ))}
        {props.privateLink ? (
          <div class="onboard-role onboard-private">
            <label for="onboard-private" class="onboard-label">
              Your private link
            </label>
            <p class="muted small">
              Bookmark it. It brings you back into this room as yourself from any browser, if this one forgets you. Keep it to yourself.
            </p>
            {mine ? <LinkRow id="onboard-private" label="private" url={mine.url} /> : <p class="muted small">Making your link…</p>}
          </div>
        ) : null}
      </div>
      {error ? <p class="error" role="alert">{error}</p> : null}
      <p class="muted small">You can open this again from “Invite” in the header.</p>
    </section>
  );
}
