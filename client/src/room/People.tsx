import type { JSX } from 'preact';
import type { PresentParticipant } from '../../../shared/protocol.js';
import { ROLE_LABELS } from './labels.js';

/** `stale`: we are not connected, so who is online is only the last thing we heard. */
export function People(props: { participants: PresentParticipant[]; youId: string; stale: boolean }): JSX.Element {
  const sorted = [...props.participants].sort((a, b) => Number(b.online) - Number(a.online) || a.name.localeCompare(b.name));
  return (
    <section class={props.stale ? 'panel people stale' : 'panel people'} aria-labelledby="people-heading">
      <h2 id="people-heading">People{props.stale ? <span class="small"> (last known)</span> : null}</h2>
      <ul aria-live="polite">
        {sorted.map((p) => (
          <li key={p.id} class={p.online ? 'person online' : 'person away'} data-person={p.name} data-role={p.role}>
            <span class="swatch" style={{ background: p.color }} aria-hidden="true" />
            <span class="person-name">
              {p.name}
              {p.id === props.youId ? ' (you)' : ''}
            </span>
            <span class="person-role">{ROLE_LABELS[p.role]}</span>
            <span class="presence">{p.online ? 'online' : 'away'}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
