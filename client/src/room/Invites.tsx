import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { InviteLink } from '../../../shared/protocol.js';
import type { Role } from '../../../shared/roles.js';
import { INVITE_LABELS } from './labels.js';

const ORDER: Role[] = ['candidate', 'observer', 'interviewer'];

async function copy(text: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard permission (insecure origin, headless): select it so Ctrl+C works.
    input?.select();
    return false;
  }
}

/** In a peer room the links are seats: B for the other peer, A for the host's other device. */
const PEER_LABELS: Record<Role, string> = { candidate: 'Your peer (seat B)', interviewer: 'Your other device (seat A)', observer: 'Observer' };

export function Invites(props: { invites: Record<Role, InviteLink>; peer: boolean }): JSX.Element {
  const labels = props.peer ? PEER_LABELS : INVITE_LABELS;
  const [copied, setCopied] = useState<Role | null>(null);
  return (
    <section class="panel invites" aria-labelledby="invites-heading">
      <h2 id="invites-heading">Invite links</h2>
      {ORDER.map((role) => {
        const link = props.invites[role];
        if (!link) return null;
        const id = `invite-${role}`;
        const label = labels[role];
        return (
          <div class="invite" key={role}>
            <label for={id}>{label}</label>
            <div class="invite-row">
              <input id={id} class="invite-url" data-role={role} readOnly value={link.url} onFocus={(e) => e.currentTarget.select()} />
              <button
                type="button"
                aria-label={`Copy ${label} link`}
                onClick={(e) => {
                  const input = (e.currentTarget.previousElementSibling as HTMLInputElement | null) ?? null;
                  void copy(link.url, input).then((ok) => setCopied(ok ? role : null));
                }}
              >
                {copied === role ? 'Copied' : 'Copy'}
              </button>
            </div>
          </div>
        );
      })}
      <p class="muted small">Links expire {new Date(Math.min(...ORDER.map((r) => props.invites[r]?.expiresAt ?? Infinity))).toLocaleString()}.</p>
    </section>
  );
}
