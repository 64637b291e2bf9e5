import type { JSX } from 'preact';
import type { LinkStatus, SaveState } from '../lib/connection.js';

const TEXT: Record<LinkStatus, { label: string; detail: string }> = {
  connecting: { label: 'Connecting…', detail: 'Connecting to the room.' },
  connected: { label: 'Connected', detail: 'Everything you do is shared live.' },
  reconnecting: { label: 'Reconnecting…', detail: 'Connection lost. Keep working: your edits are kept and merge when it is back.' },
  offline: { label: 'Offline', detail: 'You are offline. Your edits are kept on this device and merge when you reconnect.' },
};

export function ConnectionBadge(props: { status: LinkStatus; save: SaveState }): JSX.Element {
  const t = TEXT[props.status];
  const up = props.status === 'connected';
  const saved = props.save === 'saved' ? 'Saved' : props.save === 'saving' ? (up ? 'Saving…' : 'Edits kept on this device') : null;
  return (
    <span class={`connection ${props.status}`} role="status" data-status={props.status} data-save={props.save} title={t.detail}>
      <span class="dot" aria-hidden="true" />
      {t.label}
      {saved ? <span class="save-state" title={props.save === 'saved' ? 'Your edits are stored on the server' : 'Your latest edits are not stored on the server yet'}>· {saved}</span> : null}
    </span>
  );
}

export function ConnectionNotice(props: { status: LinkStatus }): JSX.Element | null {
  if (props.status !== 'offline' && props.status !== 'reconnecting') return null;
  return (
    <div class={`notice ${props.status}`} role="status">
      {TEXT[props.status].detail}
    </div>
  );
}
