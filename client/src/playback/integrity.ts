/**
 * The candidate's page reporting its integrity signals (shared/replay.ts): pastes of at least
 * `PASTE_REPORT_MIN_CHARS` characters (their size, never their text) and the window losing or
 * regaining focus. The server stamps its own time on each and stores it; the page learns back what
 * was recorded, so the candidate can see it.
 */
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/protocol.js';
import { PASTE_REPORT_MIN_CHARS, type IntegrityReport, type ReplayEvent } from '../../../shared/replay.js';

type ControlSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const ACK_TIMEOUT_MS = 8000;

/** Starts reporting; returns the function that stops it. `onRecorded` gets each stored event. */
export function reportIntegrity(socket: ControlSocket, onRecorded: (event: ReplayEvent) => void): () => void {
  const send = (report: IntegrityReport): void => {
    socket
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck('integrity:report', report)
      .then((ack) => ack.ok && onRecorded(ack.event))
      .catch(() => undefined);
  };
  const onPaste = (e: ClipboardEvent): void => {
    const chars = e.clipboardData?.getData('text/plain').length ?? 0;
    if (chars >= PASTE_REPORT_MIN_CHARS) send({ kind: 'paste', chars });
  };
  const onBlur = (): void => send({ kind: 'focus', focused: false });
  const onFocus = (): void => send({ kind: 'focus', focused: true });
  // Capture phase: the editor handles pastes itself and may stop them from bubbling.
  document.addEventListener('paste', onPaste, true);
  window.addEventListener('blur', onBlur);
  window.addEventListener('focus', onFocus);
  return () => {
    document.removeEventListener('paste', onPaste, true);
    window.removeEventListener('blur', onBlur);
    window.removeEventListener('focus', onFocus);
  };
}

/** The signals recorded about this person so far. */
export async function recordedAboutMe(socket: ControlSocket): Promise<ReplayEvent[]> {
  const ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('integrity:mine');
  return ack.ok ? ack.events : [];
}
