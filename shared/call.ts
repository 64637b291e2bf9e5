/**
 * The call's wire contract: peer-to-peer WebRTC between the people of a room, signalled over the
 * room's socket.io connection. The server relays offers, answers and ICE candidates between two
 * members of the same room's call, stamps who sent them, and keeps who is in the call with their
 * mic/camera flags; the media never passes through it.
 */
import type { AckFn } from './protocol.js';

/** Mesh: every sender uploads one stream per other member, so the number of senders is capped. */
export const CALL_MAX_SENDERS = 4;
/** Receivers cost the senders upload too; a panel of watchers beyond this needs a media server. */
export const CALL_MAX_MEMBERS = 8;
/** An SDP from a browser with audio+video is a few KB; this leaves room and refuses junk. */
export const CALL_MAX_SDP_CHARS = 24_000;
export const CALL_MAX_CANDIDATE_CHARS = 1_000;

/** One person in the call, as everyone in the room sees it. */
export interface CallMember {
  /** The participant id. */
  id: string;
  /** May send audio/video (the policy's `call:send-media`, and a free sender slot); else receive only. */
  sends: boolean;
  mic: boolean;
  camera: boolean;
  screen: boolean;
}

/** The call of a room: everyone in it, in the order they joined. Broadcast to the whole room. */
export interface CallState {
  members: CallMember[];
}

/** An RTCIceServer as the browser takes it. */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** ICE servers with short-lived TURN credentials; ask again (`call:ice`) before `expiresAt`. */
export interface IceConfig {
  iceServers: IceServer[];
  /** Unix ms when the TURN credentials stop working; null when none were issued. */
  expiresAt: number | null;
}

export interface SessionDescription {
  type: 'offer' | 'answer';
  sdp: string;
}

export interface IceCandidate {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
  usernameFragment?: string | null;
}

/** What a member sends: to one other member of the same call, a description or a candidate. */
export type SignalRequest = { to: string; description: SessionDescription } | { to: string; candidate: IceCandidate };

/** What a member receives: `from` is stamped by the server from the sender's session. */
export type SignalMessage = { from: string; description: SessionDescription } | { from: string; candidate: IceCandidate };

export interface CallJoinRequest {
  /** The person wants to send audio/video (the server decides whether they may). */
  send: boolean;
}

export interface CallJoinResult extends IceConfig {
  state: CallState;
  /** Whether this member may send; false for observers unless an interviewer allowed it, or when the call has its senders. */
  sends: boolean;
}

export interface CallMediaRequest {
  mic: boolean;
  camera: boolean;
  screen: boolean;
}

export interface CallServerEvents {
  /** The room's call changed (someone joined, left or toggled mic/camera); to every socket of the room. */
  'call:state': (state: CallState) => void;
  /** A signal from another member of the call, to this socket only. */
  'call:signal': (message: SignalMessage) => void;
}

export interface CallClientEvents {
  /** Anyone in the room: the call as it is now. */
  'call:state': (ack: AckFn<{ state: CallState }>) => void;
  /** Joins the call from this socket (a second tab of the same person takes over). */
  'call:join': (request: CallJoinRequest, ack: AckFn<CallJoinResult>) => void;
  'call:leave': (ack: AckFn<{ state: CallState }>) => void;
  /** Members: their mic/camera/screen flags (senders only may turn them on). */
  'call:media': (request: CallMediaRequest, ack: AckFn<{ state: CallState }>) => void;
  /** Members: fresh ICE servers and TURN credentials. */
  'call:ice': (ack: AckFn<IceConfig>) => void;
  /** Members: an offer, answer or candidate for another member of the same call. */
  'call:signal': (request: SignalRequest, ack: AckFn) => void;
}
