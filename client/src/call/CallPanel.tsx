/**
 * The call dock: a tile per member (video, name, mic/camera state, speaking ring), and the
 * person's own controls. Loaded on the first click on "Start call"; joining happens on mount.
 */
import type { JSX } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { CallMember } from '../../../shared/call.js';
import { allowed } from '../../../shared/policy.js';
import type { RoomConnection, RoomSnapshot } from '../lib/connection.js';
import { CallSession, type SessionView } from './session.js';
import { watchSpeaking } from './speaking.js';
import './call.css';

interface Props {
  conn: RoomConnection;
  snap: RoomSnapshot;
  canSend: boolean;
  onClose: () => void;
}

/**
 * The last session's leave: a new one (the right to send changed, or a quick rejoin) joins only
 * after it, or the server could apply the leave after the join.
 */
let leaving: Promise<void> = Promise.resolve();

export function CallPanel(props: Props): JSX.Element {
  const { conn, snap } = props;
  const [view, setView] = useState<SessionView | null>(null);
  const session = useMemo(() => new CallSession(conn.control, snap.you.id, setView), [conn, snap.you.id]);
  useEffect(() => {
    void leaving.then(() => session.start(props.canSend));
    return () => {
      leaving = session.leave();
    };
  }, [session]);
  const run = (work: () => Promise<void>) => () => void work().catch((err: unknown) => setView({ ...session.view(), error: err instanceof Error ? err.message : String(err) }));
  const members = view?.state.members ?? [];
  const me = members.find((m) => m.id === snap.you.id);
  const nameOf = (id: string) => snap.participants.find((p) => p.id === id)?.name ?? 'Someone';
  const mayChange = snap.room ? allowed(snap.room, { role: snap.you.role, seat: snap.you.seat ?? null }, { type: 'room:settings' }) : false;
  const media = view?.media ?? { mic: false, camera: false, screen: false };
  const sends = view?.sends ?? false;

  return (
    <section class="call-dock" aria-label="Call">
      <div class="call-tiles">
        {me ? <Tile member={me} name={`${nameOf(me.id)} (you)`} stream={view?.local ?? null} self /> : null}
        {members
          .filter((m) => m.id !== snap.you.id)
          .map((m) => (
            <Tile key={m.id} member={m} name={nameOf(m.id)} stream={view?.peers.get(m.id)?.stream ?? null} />
          ))}
        {view && members.length <= 1 && !view.ended ? <p class="call-hint">Waiting for others to join the call…</p> : null}
      </div>
      {view?.error ? <p class="call-error" role="alert">{view.error}</p> : null}
      {view && !sends && !view.ended ? <p class="call-hint">You are listening: observers receive the call unless an interviewer lets them speak.</p> : null}
      <div class="call-controls">
        <button type="button" data-testid="call-mic" aria-pressed={media.mic} disabled={!sends} onClick={run(() => session.toggleMic())}>
          {media.mic ? 'Mute' : 'Unmute'}
        </button>
        <button type="button" data-testid="call-camera" aria-pressed={media.camera} disabled={!sends} onClick={run(() => session.toggleCamera())}>
          {media.camera ? 'Camera off' : 'Camera on'}
        </button>
        {sends && 'getDisplayMedia' in navigator.mediaDevices ? (
          <button type="button" data-testid="call-screen" aria-pressed={media.screen} onClick={run(() => session.toggleScreen())}>
            {media.screen ? 'Stop sharing' : 'Share screen'}
          </button>
        ) : null}
        {sends ? <Devices onCamera={(id) => run(() => session.toggleCamera(id))()} onMic={(id) => run(() => session.useMicrophone(id))()} /> : null}
        <span class="spacer" />
        <button type="button" class="danger" data-testid="call-leave" onClick={() => void session.leave().then(props.onClose)}>
          Leave
        </button>
      </div>
      {mayChange && snap.room ? (
        <label class="inline small call-setting">
          <input type="checkbox" checked={snap.room.observersSendMedia} onChange={(e) => void conn.settings({ observersSendMedia: e.currentTarget.checked })} /> Observers may speak
        </label>
      ) : null}
    </section>
  );
}

function Tile(props: { member: CallMember; name: string; stream: MediaStream | null; self?: boolean }): JSX.Element {
  const { member, stream } = props;
  const video = useRef<HTMLVideoElement>(null);
  const [speaking, setSpeaking] = useState(false);
  const [tracks, setTracks] = useState(0);
  useEffect(() => {
    if (!stream) return;
    const count = () => setTracks(stream.getTracks().length);
    stream.addEventListener('addtrack', count);
    count();
    return () => stream.removeEventListener('addtrack', count);
  }, [stream]);
  useEffect(() => {
    const el = video.current;
    if (el && stream && el.srcObject !== stream) el.srcObject = stream;
    if (!stream || !member.mic) return setSpeaking(false);
    return watchSpeaking(stream, setSpeaking);
  }, [stream, tracks, member.mic]);
  const showVideo = member.sends && (member.camera || member.screen);
  return (
    <figure class={`call-tile${speaking ? ' speaking' : ''}`} data-member={member.id}>
      {member.sends ? (
        <video
          ref={video}
          autoplay
          playsInline
          muted={props.self === true}
          class={showVideo ? '' : 'hidden-video'}
          {...(props.self ? { 'data-testid': 'call-local-video' } : { 'data-testid': 'call-remote-video' })}
        />
      ) : null}
      {showVideo ? null : <span class="call-avatar" aria-hidden="true">{props.name.slice(0, 1).toUpperCase()}</span>}
      <figcaption>
        {props.name}
        {member.sends ? (member.mic ? '' : ' · muted') : ' · listening'}
        {member.screen ? ' · sharing screen' : ''}
      </figcaption>
    </figure>
  );
}

/** Camera and microphone pickers; the labels are known once the person has allowed the devices. */
function Devices(props: { onCamera: (id: string) => void; onMic: (id: string) => void }): JSX.Element {
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  useEffect(() => {
    const load = () => void navigator.mediaDevices.enumerateDevices().then(setDevices, () => undefined);
    load();
    navigator.mediaDevices.addEventListener('devicechange', load);
    return () => navigator.mediaDevices.removeEventListener('devicechange', load);
  }, []);
  const picker = (kind: MediaDeviceKind, label: string, pick: (id: string) => void) => {
    const list = devices.filter((d) => d.kind === kind && d.deviceId);
    if (list.length < 2) return null;
    return (
      <select aria-label={label} data-testid={`call-${kind}`} onChange={(e) => pick(e.currentTarget.value)}>
        {list.map((d, i) => (
          <option key={d.deviceId} value={d.deviceId}>
            {d.label || `${label} ${i + 1}`}
          </option>
        ))}
      </select>
    );
  };
  return (
    <>
      {picker('audioinput', 'Microphone', props.onMic)}
      {picker('videoinput', 'Camera', props.onCamera)}
    </>
  );
}
