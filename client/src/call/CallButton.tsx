/**
 * The call's only part in the room page's first load: the button, and who is in the call (shown
 * to everyone). Everything else (WebRTC, devices, the panel) is loaded when someone clicks.
 */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { CallState } from '../../../shared/call.js';
import { allowed } from '../../../shared/policy.js';
import type { RoomConnection, RoomSnapshot } from '../lib/connection.js';

type Panel = typeof import('./CallPanel.js')['CallPanel'];

export function CallButton(props: { conn: RoomConnection; snap: RoomSnapshot }): JSX.Element | null {
  const { conn, snap } = props;
  const [state, setState] = useState<CallState>({ members: [] });
  const [Panel, setPanel] = useState<Panel | null>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const socket = conn.control;
    const ask = (): void => void socket.timeout(5000).emitWithAck('call:state').then((a) => a.ok && setState(a.state), () => undefined);
    socket.on('call:state', setState);
    socket.on('connect', ask);
    if (socket.connected) ask();
    return () => {
      socket.off('call:state', setState);
      socket.off('connect', ask);
    };
  }, [conn]);
  if (!snap.room || snap.room.status !== 'open') return null;
  const who = { role: snap.you.role, seat: snap.you.seat ?? null };
  const canSend = allowed(snap.room, who, { type: 'call:send-media' });
  const names = state.members.map((m) => snap.participants.find((p) => p.id === m.id)?.name ?? 'someone');
  const start = (): void => {
    setOpen(true);
    if (!Panel) void import('./CallPanel.js').then((m) => setPanel(() => m.CallPanel), () => setOpen(false));
  };
  return (
    <>
      {open ? null : (
        <button type="button" data-testid="call-start" style={{ whiteSpace: 'nowrap' }} class={state.members.length ? 'primary' : ''} onClick={start} title={names.length ? `In the call: ${names.join(', ')}` : 'Start an audio/video call'}>
          {state.members.length ? `Join call (${state.members.length})` : 'Start call'}
        </button>
      )}
      {/* Remounted when the right to send changes: the call is joined again with the new right. */}
      {open && Panel ? <Panel key={String(canSend)} conn={conn} snap={snap} canSend={canSend} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
