/** `/r/<roomId>`: the interview room. */
import type { JSX } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type * as Y from 'yjs';
import { canRunInterview, canWriteDoc } from '../../../shared/roles.js';
import { NOTES, PAD } from '../../../shared/schema.js';
import { RoomConnection, type RoomSnapshot } from '../lib/connection.js';
import { loadInvites, loadSession, type StoredSession } from '../lib/session.js';
import { Board, createBoardUndoManager } from '../board/Board.js';
import { CodePad, createCodeUndoManager } from '../pad/CodePad.js';
import { TimerBar } from '../room/TimerBar.js';
import { People } from '../room/People.js';
import { Invites } from '../room/Invites.js';
import { ConnectionBadge, ConnectionNotice } from '../room/ConnectionBadge.js';
import { LayoutSwitch, SplitView, useLayout } from '../room/SplitView.js';
import { ROLE_LABELS } from '../room/labels.js';

/** What browser tests read instead of the DOM (remote cursor labels pollute `.cm-content` text). */
export interface DuetProbe {
  pad: Y.Doc;
  notes: Y.Doc | null;
  awareness: RoomConnection['padProvider']['awareness'];
  boardUndo: Y.UndoManager;
  codeUndo: Y.UndoManager;
  snapshot: () => RoomSnapshot;
  exportSvg: () => string | null;
}

declare global {
  interface Window {
    duetProbe?: DuetProbe;
  }
}

export function RoomPage(props: { roomId: string }): JSX.Element {
  const session = useMemo(() => loadSession(props.roomId), [props.roomId]);
  if (!session) {
    return (
      <main class="narrow">
        <section class="card" role="alert">
          <h2>You are not in this room yet</h2>
          <p>Open the invite link you were sent to join. Sessions are kept per browser tab.</p>
          <p>
            <a href="/">Create a new interview</a>
          </p>
        </section>
      </main>
    );
  }
  return <Room roomId={props.roomId} session={session} />;
}

function useConnection(roomId: string, session: StoredSession): [RoomConnection, RoomSnapshot] {
  const [conn] = useState(() => new RoomConnection(roomId, session.token, session.participant));
  const [snapshot, setSnapshot] = useState(conn.current);
  useEffect(() => {
    const unsubscribe = conn.subscribe(setSnapshot);
    return () => {
      unsubscribe();
      conn.destroy();
    };
  }, [conn]);
  return [conn, snapshot];
}

function Room(props: { roomId: string; session: StoredSession }): JSX.Element {
  const [conn, snap] = useConnection(props.roomId, props.session);
  const [layout, setLayout] = useLayout();
  const boardRef = useRef<Board>(null);
  const origin = useMemo(() => ({ local: 'board' }), []);
  const code = useMemo(() => conn.pad.getText(PAD.code), [conn]);
  const meta = useMemo(() => conn.pad.getMap<unknown>(PAD.meta), [conn]);
  const boardUndo = useMemo(() => createBoardUndoManager(conn.pad, origin), [conn, origin]);
  const codeUndo = useMemo(() => createCodeUndoManager(code), [code]);
  const notesText = useMemo(() => conn.notes?.getText(NOTES.notes) ?? null, [conn]);
  const notesUndo = useMemo(() => (notesText ? createCodeUndoManager(notesText) : null), [notesText]);
  const invites = useMemo(() => loadInvites(props.roomId), [props.roomId]);
  const [endError, setEndError] = useState<string | null>(null);

  const role = snap.you.role;
  const status = snap.room?.status ?? 'open';
  const readOnly = !canWriteDoc(role, 'pad', status);
  const runs = canRunInterview(role);

  useEffect(() => {
    window.duetProbe = {
      pad: conn.pad,
      notes: conn.notes,
      awareness: conn.padProvider.awareness,
      boardUndo,
      codeUndo,
      snapshot: () => conn.current,
      exportSvg: () => boardRef.current?.exportSvg() ?? null,
    };
    return () => {
      delete window.duetProbe;
    };
  }, [conn, boardUndo, codeUndo]);

  useEffect(() => {
    document.title = snap.room ? `${snap.room.title} · Duet` : 'Duet';
  }, [snap.room?.title]);

  const endInterview = async (): Promise<void> => {
    if (!confirm('End the interview for everyone? The pad and board become read-only.')) return;
    const problem = await conn.endRoom();
    setEndError(problem ? problem.message : null);
  };

  if (snap.fatal) {
    return (
      <main class="narrow">
        <section class="card" role="alert">
          <h2>Disconnected</h2>
          <p>{snap.fatal}</p>
        </section>
      </main>
    );
  }

  return (
    <div class="room" data-role={role} data-synced={snap.synced ? 'true' : 'false'}>
      <header class="room-header">
        <a class="logo" href="/" aria-label="Duet home">Duet</a>
        <h1 class="room-title">{snap.room?.title ?? 'Interview'}</h1>
        {snap.room?.mode === 'peer' ? <span class="badge">Peer mock</span> : null}
        <span class={`badge role role-${role}`}>{ROLE_LABELS[role]}</span>
        {readOnly ? (
          <span class="badge readonly" data-testid="readonly-badge" title={status === 'ended' ? 'The interview has ended' : 'Observers watch without editing'}>
            Read-only
          </span>
        ) : null}
        <span class="spacer" />
        <ConnectionBadge status={snap.status} save={snap.save} />
        <LayoutSwitch prefs={layout} onChange={setLayout} />
        {runs && status === 'open' ? (
          <button type="button" class="danger" onClick={() => void endInterview()}>
            End interview
          </button>
        ) : null}
      </header>
      {status === 'ended' ? (
        <div class="notice ended" role="status">
          This interview has ended. The pad and the board are kept as a read-only record.
        </div>
      ) : null}
      {endError ? <div class="notice error" role="alert">{endError}</div> : null}
      <ConnectionNotice status={snap.status} />
      <TimerBar clock={snap.clock} controls={runs && status === 'open'} onCommand={(c) => conn.timer(c)} />
      <div class="room-body">
        <SplitView
          prefs={layout}
          onChange={setLayout}
          left={<CodePad text={code} meta={meta} awareness={conn.padProvider.awareness} undoManager={codeUndo} readOnly={readOnly} label="Code pad" />}
          right={
            <Board
              ref={boardRef}
              doc={conn.pad}
              awareness={conn.padProvider.awareness}
              readOnly={readOnly}
              participantId={snap.you.id}
              origin={origin}
              undoManager={boardUndo}
            />
          }
        />
        <aside class="sidebar">
          <People participants={snap.participants} youId={snap.you.id} stale={snap.status !== 'connected'} />
          {runs && invites ? <Invites invites={invites} /> : null}
          {notesText && notesUndo && conn.notesProvider ? (
            <section class="panel notes" aria-labelledby="notes-heading">
              <h2 id="notes-heading">Private notes</h2>
              <p class="muted small">Only interviewers see these.</p>
              <CodePad text={notesText} awareness={conn.notesProvider.awareness} undoManager={notesUndo} readOnly={status === 'ended'} label="Interviewer notes" />
            </section>
          ) : null}
        </aside>
      </div>
    </div>
  );
}
