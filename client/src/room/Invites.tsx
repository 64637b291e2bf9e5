/**
 * The room's invite links for its interviewers: copy, replace with a new link, or revoke every
 * link of a role (a link sent to the wrong person). Links made here are kept for the tab.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { InviteLink } from '../../../shared/protocol.js';
import type { Role } from '../../../shared/roles.js';
import { api, ApiError } from '../lib/api.js';
import { saveInvites } from '../lib/session.js';
import { copyText } from '../lib/clipboard.js';
import { useConfirm } from '../components/ConfirmDialog.js';
import { INVITE_LABELS } from './labels.js';

const ORDER: Role[] = ['candidate', 'observer', 'interviewer'];

/** In a peer room the links are seats: B for the other peer, A for the host's other device. */
export const PEER_LABELS: Record<Role, string> = { candidate: 'Your peer (seat B)', interviewer: 'Your other device (seat A)', observer: 'Observer' };

export function Invites(props: { roomId: string; token: string; invites: Partial<Record<Role, InviteLink>> | null; peer: boolean; open: boolean }): JSX.Element {
  const labels = props.peer ? PEER_LABELS : INVITE_LABELS;
  const [links, setLinks] = useState<Partial<Record<Role, InviteLink>>>(props.invites ?? {});
  const [copied, setCopied] = useState<Role | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const confirm = useConfirm();

  const store = (next: Partial<Record<Role, InviteLink>>): void => {
    setLinks(next);
    saveInvites(props.roomId, next);
  };

  const act = async (what: () => Promise<void>): Promise<void> => {
    setBusy(true);
    try {
      await what();
    } catch (err) {
      setMessage(err instanceof ApiError ? err.message : 'That did not work; try again.');
    } finally {
      setBusy(false);
    }
  };

  const create = (role: Role) =>
    act(async () => {
      const { invite } = await api.createInvite(props.roomId, props.token, role);
      store({ ...links, [role]: invite });
      setMessage(`New ${labels[role].toLowerCase()} link ready.`);
    });

  const revoke = (role: Role) =>
    act(async () => {
      const ok = await confirm.ask({
        title: `Revoke ${labels[role].toLowerCase()} links?`,
        message: `Every ${labels[role].toLowerCase()} link of this room stops working. People already in the room stay.`,
        confirm: 'Revoke',
        danger: true,
      });
      if (!ok) return;
      const { revoked } = await api.revokeInvites(props.roomId, props.token, role);
      const next = { ...links };
      delete next[role];
      store(next);
      setMessage(`Revoked ${revoked} link${revoked === 1 ? '' : 's'}.`);
    });

  const expiries = ORDER.map((r) => links[r]?.expiresAt).filter((t): t is number => typeof t === 'number');
  return (
    <section class="panel invites" aria-labelledby="invites-heading">
      <h2 id="invites-heading">Invite links</h2>
      {ORDER.map((role) => {
        const link = links[role];
        const id = `invite-${role}`;
        const label = labels[role];
        return (
          <div class="invite" key={role}>
            <label for={id}>{label}</label>
            {link ? (
              <div class="invite-row">
                <input id={id} class="invite-url" data-role={role} readOnly value={link.url} onFocus={(e) => e.currentTarget.select()} />
                <button
                  type="button"
                  aria-label={`Copy ${label} link`}
                  onClick={(e) => {
                    const input = (e.currentTarget.previousElementSibling as HTMLInputElement | null) ?? null;
                    void copyText(link.url, input).then((ok) => setCopied(ok ? role : null));
                  }}
                >
                  {copied === role ? 'Copied' : 'Copy'}
                </button>
              </div>
            ) : null}
            {props.open ? (
              <div class="row invite-actions">
                <button type="button" class="small-button" disabled={busy} onClick={() => void create(role)}>
                  {link ? 'New link' : 'Create link'}
                </button>
                <button type="button" class="small-button danger" disabled={busy} onClick={() => void revoke(role)} aria-label={`Revoke ${label} links`}>
                  Revoke
                </button>
              </div>
            ) : null}
          </div>
        );
      })}
      {message ? <p class="muted small" role="status">{message}</p> : null}
      {confirm.dialog}
      {expiries.length ? <p class="muted small">Links expire {new Date(Math.min(...expiries)).toLocaleString()}.</p> : null}
    </section>
  );
}
