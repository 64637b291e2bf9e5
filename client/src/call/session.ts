/**
 * One person's part in the room's call: their own media, one RTCPeerConnection per other member
 * (mesh), and the signalling over the room's socket. Loaded only once someone clicks to join.
 *
 * Each pair negotiates once, led by the member with the greater id (no glare): the leader offers
 * an audio and a video transceiver, the other answers on them. Mic, camera, device and screen
 * changes swap tracks on those transceivers (`replaceTrack`), so they never renegotiate; only an
 * ICE restart (a failed path, or TURN credentials about to expire) sends a new offer.
 */
import type { CallJoinResult, CallMediaRequest, CallState, IceCandidate, IceServer, SignalMessage, SignalRequest } from '../../../shared/call.js';
import type { Ack } from '../../../shared/protocol.js';
import type { ControlSocket } from '../lib/connection.js';

const ACK_MS = 8000;
type Kind = 'audio' | 'video';

export interface Peer {
  id: string;
  pc: RTCPeerConnection;
  stream: MediaStream;
  leads: boolean;
  /** Candidates that arrived before the remote description. */
  pending: IceCandidate[];
}

export interface SessionView {
  state: CallState;
  sends: boolean;
  local: MediaStream | null;
  media: CallMediaRequest;
  peers: ReadonlyMap<string, Peer>;
  error: string | null;
  ended: boolean;
}

export class CallSession {
  private state: CallState = { members: [] };
  private sends = false;
  private local: MediaStream | null = null;
  private camera: MediaStreamTrack | null = null;
  private screen: MediaStreamTrack | null = null;
  private media: CallMediaRequest = { mic: false, camera: false, screen: false };
  private readonly peers = new Map<string, Peer>();
  private iceServers: IceServer[] = [];
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private error: string | null = null;
  private ended = false;
  private leaving: Promise<void> | null = null;
  /** Call states and signals are handled one at a time, in order, once this person's media is ready. */
  private queue: Promise<void>;
  private ready: () => void = () => undefined;
  /** States sent before the join's answer are older than the one it carries: ignored. */
  private joined = false;
  private readonly onState = (state: CallState): void => {
    if (this.joined) this.enqueue(async () => this.applyState(state));
  };
  private readonly onSignal = (message: SignalMessage): void => this.enqueue(() => this.handleSignal(message));

  constructor(
    private readonly socket: ControlSocket,
    private readonly selfId: string,
    private readonly onChange: (view: SessionView) => void,
  ) {
    this.queue = new Promise((resolve) => (this.ready = resolve));
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(work).catch((err: unknown) => this.fail(err));
  }

  view(): SessionView {
    return { state: this.state, sends: this.sends, local: this.local, media: { ...this.media }, peers: this.peers, error: this.error, ended: this.ended };
  }

  /** Joins the call; with `send`, asks for the camera and microphone (the click that got here is the person's consent). */
  async start(send: boolean): Promise<void> {
    this.socket.on('call:state', this.onState);
    this.socket.on('call:signal', this.onSignal);
    const joined: Ack<CallJoinResult> = await this.socket.timeout(ACK_MS).emitWithAck('call:join', { send }).catch(timeout);
    this.joined = joined.ok;
    if (!joined.ok) {
      this.ready();
      return this.stop(joined.error.message);
    }
    this.sends = joined.sends;
    this.useIce(joined.iceServers, joined.expiresAt);
    if (this.sends) {
      this.local = await getMedia({ audio: true, video: true }).catch(() => getMedia({ audio: true, video: false })).catch(() => null);
      if (!this.local) this.error = 'No camera or microphone could be opened; you are listening only.';
      this.camera = this.local?.getVideoTracks()[0] ?? null;
      await this.setMedia({ mic: this.local?.getAudioTracks().length === 1, camera: this.camera !== null, screen: false });
    }
    this.applyState(joined.state);
    this.ready();
  }

  async toggleMic(): Promise<void> {
    const track = this.local?.getAudioTracks()[0];
    if (!track) return;
    track.enabled = !this.media.mic;
    await this.setMedia({ ...this.media, mic: track.enabled });
  }

  /** Camera off stops the device (its light goes out); on opens it again. */
  async toggleCamera(deviceId?: string): Promise<void> {
    if (this.media.camera && deviceId === undefined) {
      this.camera?.stop();
      this.setLocalTrack('video', null);
      this.camera = null;
      if (!this.screen) await this.sendTrack('video', null);
      return this.setMedia({ ...this.media, camera: false });
    }
    const stream = await getMedia({ video: deviceId ? { deviceId: { exact: deviceId } } : true });
    this.camera?.stop();
    this.camera = stream.getVideoTracks()[0] ?? null;
    this.setLocalTrack('video', this.camera);
    if (!this.screen) await this.sendTrack('video', this.camera);
    await this.setMedia({ ...this.media, camera: this.camera !== null });
  }

  async useMicrophone(deviceId: string): Promise<void> {
    const track = (await getMedia({ audio: { deviceId: { exact: deviceId } } })).getAudioTracks()[0] ?? null;
    if (!track) return;
    track.enabled = this.media.mic;
    this.local?.getAudioTracks().forEach((t) => t.stop());
    this.setLocalTrack('audio', track);
    await this.sendTrack('audio', track);
  }

  /** Screen share takes the video slot; the camera comes back when it stops. */
  async toggleScreen(): Promise<void> {
    if (this.screen) return this.stopScreen();
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    this.screen = stream.getVideoTracks()[0] ?? null;
    if (!this.screen) return;
    this.screen.addEventListener('ended', () => void this.stopScreen());
    await this.sendTrack('video', this.screen);
    await this.setMedia({ ...this.media, screen: true });
  }

  private async stopScreen(): Promise<void> {
    if (!this.screen) return;
    this.screen.stop();
    this.screen = null;
    await this.sendTrack('video', this.camera);
    await this.setMedia({ ...this.media, screen: false });
  }

  /** Leaves once, however often asked (the Leave button, then the dock's unmount). */
  leave(): Promise<void> {
    this.leaving ??= this.socket
      .timeout(ACK_MS)
      .emitWithAck('call:leave')
      .catch(timeout)
      .then(() => this.stop(null));
    return this.leaving;
  }

  /** Drops everything: peers, devices, listeners. */
  stop(error: string | null): void {
    this.socket.off('call:state', this.onState);
    this.socket.off('call:signal', this.onSignal);
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const peer of this.peers.values()) peer.pc.close();
    this.peers.clear();
    for (const track of [...(this.local?.getTracks() ?? []), this.camera, this.screen]) track?.stop();
    this.ended = true;
    this.error = error;
    this.changed();
  }

  private changed(): void {
    this.onChange(this.view());
  }

  private fail(err: unknown): void {
    this.error = err instanceof Error ? err.message : String(err);
    this.changed();
  }

  private async setMedia(media: CallMediaRequest): Promise<void> {
    this.media = media;
    this.changed();
    const ack = await this.socket.timeout(ACK_MS).emitWithAck('call:media', media).catch(timeout);
    if (!ack.ok) this.fail(ack.error.message);
  }

  private setLocalTrack(kind: Kind, track: MediaStreamTrack | null): void {
    const stream = (this.local ??= new MediaStream());
    for (const old of stream.getTracks()) if (old.kind === kind) stream.removeTrack(old);
    if (track) stream.addTrack(track);
    this.changed();
  }

  private async sendTrack(kind: Kind, track: MediaStreamTrack | null): Promise<void> {
    for (const peer of this.peers.values()) {
      for (const t of peer.pc.getTransceivers()) if (t.receiver.track.kind === kind) await t.sender.replaceTrack(track);
    }
  }

  private track(kind: Kind): MediaStreamTrack | null {
    if (kind === 'video') return this.screen ?? this.camera;
    return this.local?.getAudioTracks()[0] ?? null;
  }

  private applyState(state: CallState): void {
    this.state = state;
    if (!state.members.some((m) => m.id === this.selfId)) return this.stop(this.ended ? this.error : 'You are no longer in the call.');
    for (const [id, peer] of this.peers) {
      if (state.members.some((m) => m.id === id)) continue;
      peer.pc.close();
      this.peers.delete(id);
    }
    for (const member of state.members) {
      if (member.id === this.selfId || this.peers.has(member.id)) continue;
      const peer = this.peer(member.id);
      if (peer.leads) void this.offer(peer).catch((err: unknown) => this.fail(err));
    }
    this.changed();
  }

  private peer(id: string): Peer {
    const existing = this.peers.get(id);
    if (existing) return existing;
    const pc = new RTCPeerConnection({ iceServers: this.iceServers });
    const peer: Peer = { id, pc, stream: new MediaStream(), leads: this.selfId > id, pending: [] };
    pc.addEventListener('icecandidate', (e) => {
      if (e.candidate) void this.signal({ to: id, candidate: e.candidate.toJSON() as IceCandidate });
    });
    pc.addEventListener('track', (e) => {
      peer.stream.addTrack(e.track);
      this.changed();
    });
    pc.addEventListener('connectionstatechange', () => {
      if (pc.connectionState === 'failed' && peer.leads) void this.restart(peer);
      this.changed();
    });
    this.peers.set(id, peer);
    if (peer.leads) {
      for (const kind of ['audio', 'video'] as const) pc.addTransceiver(this.track(kind) ?? kind, { direction: this.sends ? 'sendrecv' : 'recvonly' });
    }
    return peer;
  }

  private async offer(peer: Peer): Promise<void> {
    await peer.pc.setLocalDescription(await peer.pc.createOffer());
    await this.signal({ to: peer.id, description: { type: 'offer', sdp: peer.pc.localDescription?.sdp ?? '' } });
  }

  private async restart(peer: Peer): Promise<void> {
    peer.pc.restartIce();
    await this.offer(peer).catch((err: unknown) => this.fail(err));
  }

  private async handleSignal(message: SignalMessage): Promise<void> {
    if (this.ended) return;
    const peer = this.peer(message.from);
    const { pc } = peer;
    if ('candidate' in message) {
      if (pc.remoteDescription) await pc.addIceCandidate(message.candidate);
      else peer.pending.push(message.candidate);
      return;
    }
    await pc.setRemoteDescription(message.description);
    if (message.description.type === 'offer') {
      for (const t of pc.getTransceivers()) {
        const kind = t.receiver.track.kind as Kind;
        t.direction = this.sends ? 'sendrecv' : 'recvonly';
        if (this.sends) await t.sender.replaceTrack(this.track(kind));
      }
      await pc.setLocalDescription(await pc.createAnswer());
      await this.signal({ to: peer.id, description: { type: 'answer', sdp: pc.localDescription?.sdp ?? '' } });
    }
    for (const candidate of peer.pending.splice(0)) await pc.addIceCandidate(candidate);
  }

  private async signal(request: SignalRequest): Promise<void> {
    const ack = await this.socket.timeout(ACK_MS).emitWithAck('call:signal', request).catch(timeout);
    // A member who just left is not an error worth showing; anything else is.
    if (!ack.ok && ack.error.code !== 'not_found') this.fail(ack.error.message);
  }

  /** Uses fresh ICE servers, and asks for the next ones before these TURN credentials expire. */
  private useIce(iceServers: IceServer[], expiresAt: number | null): void {
    this.iceServers = iceServers;
    for (const peer of this.peers.values()) peer.pc.setConfiguration({ iceServers });
    if (expiresAt === null) return;
    const inMs = Math.max(10_000, (expiresAt - Date.now()) * 0.75);
    this.refreshTimer = setTimeout(() => void this.refreshIce(), inMs);
  }

  private async refreshIce(): Promise<void> {
    const ice = await this.socket.timeout(ACK_MS).emitWithAck('call:ice').catch(timeout);
    if (!ice.ok || this.ended) return;
    this.useIce(ice.iceServers, ice.expiresAt);
    // New allocations need the new credentials: the leaders restart ICE with them.
    for (const peer of this.peers.values()) if (peer.leads) await this.restart(peer);
  }
}

function getMedia(constraints: MediaStreamConstraints): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia(constraints);
}

function timeout(): { ok: false; error: { code: 'unavailable'; message: string } } {
  return { ok: false, error: { code: 'unavailable', message: 'The server did not answer in time.' } };
}
