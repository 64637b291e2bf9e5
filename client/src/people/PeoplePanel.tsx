/**
 * The people list of the room's sidebar: who is here, whom you follow (click a name), and for
 * interviewers the knocks of the waiting room (admit, deny), each person's role and removal, the
 * pad lock, the waiting-room switch and "everyone follow me". What each control may do is the
 * access policy's answer (`may`); the server checks it again.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { Action } from '../../../shared/policy.js';
import type { PresentParticipant, RoomInfo } from '../../../shared/protocol.js';
import type { Role } from '../../../shared/roles.js';
import type { RoomConnection } from '../lib/connection.js';
import { ROLE_LABELS } from '../room/labels.js';
import { peopleApi } from './api.js';
import { FOLLOW_CONTROLS_ATTR, type FollowState } from './useFollow.js';
import { useConfirm } from '../components/ConfirmDialog.js';
import './people.css';

export interface PeoplePanelProps {
  conn: RoomConnection;
  token: string;
  room: RoomInfo | null;
  participants: PresentParticipant[];
  youId: string;
  stale: boolean;
  /** The policy's answer for this person and the room as last received. */
  may: (action: Action) => boolean;
  follow: FollowState;
  /** An interviewer asked everyone to follow them (null: nobody). */
  leader: string | null;
}

/** Roles a person of `role` can be given (the policy refuses others): observer ↔ interviewer, candidate ↔ observer. */
const ROLE_CHOICES: Record<Role, Role[]> = {
  interviewer: ['interviewer', 'observer'],
  observer: ['observer', 'interviewer', 'candidate'],
  candidate: ['candidate', 'observer'],
};

export function PeoplePanel(props: PeoplePanelProps): JSX.Element {
  const { room, youId, follow } = props;
  const [problem, setProblem] = useState<string | null>(null);
  const confirm = useConfirm();
  const manages = props.may({ type: 'pad:lock' });
  const roomId = props.conn.roomId;
  /** Runs an action; a thrown error or a returned error body is shown. */
  const run = (work: () => Promise<unknown>): void => {
    work().then(
      (result) => setProblem(result && typeof result === 'object' && 'message' in result && !('participant' in result) && !('room' in result) ? String(result.message) : null),
      (err: unknown) => setProblem(err instanceof Error ? err.message : 'That did not work.'),
    );
  };
  const inRoom = props.participants.filter((p) => (p.status ?? 'admitted') === 'admitted');
  const waiting = props.participants.filter((p) => p.status === 'waiting');
  const sorted = [...inRoom].sort((a, b) => Number(b.online) - Number(a.online) || a.name.localeCompare(b.name));
  const leading = props.leader === youId;

  return (
    <section class={props.stale ? 'panel people stale' : 'panel people'} aria-labelledby="people-heading" {...{ [FOLLOW_CONTROLS_ATTR]: '' }}>
      <h2 id="people-heading">People{props.stale ? <span class="small"> (last known)</span> : null}</h2>
      {room?.padLocked ? (
        <p class="people-lock-state" role="status">
          The pad and board are locked{manages ? '' : ' by the interviewer'}.
        </p>
      ) : null}
      {manages && waiting.length > 0 ? (
        <div class="knocks" role="region" aria-label="Waiting to join">
          <h3>Waiting to join</h3>
          <ul>
            {waiting.map((p) => (
              <li key={p.id} class="knock" data-knock={p.name}>
                <span class="person-name">{p.name}</span>
                <span class="person-role">{ROLE_LABELS[p.role]}</span>
                <span class="knock-actions">
                  <button type="button" class="small-button" onClick={() => run(() => peopleApi.admit(roomId, props.token, p.id))}>
                    Admit
                  </button>
                  <button type="button" class="small-button" onClick={() => run(() => peopleApi.deny(roomId, props.token, p.id))}>
                    Deny
                  </button>
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <ul aria-live="polite">
        {sorted.map((p) => {
          const you = p.id === youId;
          const followed = follow.following === p.id;
          return (
            <li key={p.id} class={`person ${p.online ? 'online' : 'away'}${followed ? ' followed' : ''}`} data-person={p.name} data-role={p.role}>
              <span class="swatch" style={{ background: p.color }} aria-hidden="true" />
              {you ? (
                <span class="person-name">{p.name} (you)</span>
              ) : (
                <button
                  type="button"
                  class="person-name follow-button"
                  aria-pressed={followed}
                  title={followed ? `Stop following ${p.name}` : `Follow ${p.name}'s view`}
                  onClick={() => follow.follow(followed ? null : p.id)}
                >
                  {p.name}
                </button>
              )}
              {manages && !you && room?.mode !== 'peer' ? (
                <select
                  class="role-select"
                  aria-label={`Role of ${p.name}`}
                  value={p.role}
                  onChange={(e) => run(() => peopleApi.setRole(roomId, props.token, p.id, e.currentTarget.value as Role))}
                >
                  {ROLE_CHOICES[p.role].map((r) => (
                    <option key={r} value={r}>
                      {ROLE_LABELS[r]}
                    </option>
                  ))}
                </select>
              ) : null}
              {/* The role as text too: hidden beside the select, which shows and speaks it already. */}
              {manages && !you && room?.mode !== 'peer' ? (
                <span class="person-role sr-only" aria-hidden="true">
                  {ROLE_LABELS[p.role]}
                </span>
              ) : (
                <span class="person-role">{ROLE_LABELS[p.role]}</span>
              )}
              <span class="presence">{followed ? 'following' : p.online ? 'online' : 'away'}</span>
              {manages && !you && !p.seat ? (
                <button
                  type="button"
                  class="small-button remove-person"
                  aria-label={`Remove ${p.name}`}
                  onClick={() =>
                    void confirm
                      .ask({ title: `Remove ${p.name}?`, message: `${p.name} leaves the room and their link stops working.`, confirm: 'Remove', danger: true })
                      .then((ok) => ok && run(() => peopleApi.remove(roomId, props.token, p.id)))
                  }
                >
                  Remove
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
      {follow.following ? (
        <p class="small following-note">
          Following {inRoom.find((p) => p.id === follow.following)?.name ?? 'someone'}: scroll or edit to stop.{' '}
          <button type="button" class="small-button" onClick={() => follow.follow(null)}>
            Stop
          </button>
        </p>
      ) : null}
      {manages ? (
        <div class="people-controls">
          <label class="inline small">
            <input type="checkbox" checked={room?.padLocked ?? false} onChange={(e) => run(() => peopleApi.lock(roomId, props.token, e.currentTarget.checked))} /> Lock pad and
            board for the candidate
          </label>
          <label class="inline small">
            <input type="checkbox" checked={room?.waitingRoom ?? false} onChange={(e) => run(() => props.conn.settings({ waitingRoom: e.currentTarget.checked }))} />{' '}
            Waiting room
          </label>
          {props.may({ type: 'people:follow-me' }) ? (
            <button type="button" class="small-button" aria-pressed={leading} onClick={() => run(() => props.conn.followMe(!leading))}>
              {leading ? 'Stop: everyone follow me' : 'Everyone follow me'}
            </button>
          ) : null}
        </div>
      ) : null}
      {problem ? (
        <p class="notice error small" role="alert">
          {problem}
        </p>
      ) : null}
      {confirm.dialog}
    </section>
  );
}
