/** `/r/<roomId>`: the interview room. */
import type { JSX } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type * as Y from 'yjs';
import { allowed, type Action, type PolicyRoom } from '../../../shared/policy.js';
import { PAD } from '../../../shared/schema.js';
import { RoomConnection, type RoomSnapshot } from '../lib/connection.js';
import { dismissOnboarding, forgetSession, loadInvites, onboardingDismissed, type StoredSession } from '../lib/session.js';
import { navigate } from '../router.js';
import { InvitePanel } from '../room/InvitePanel.js';
import { HeaderActions } from '../room/HeaderActions.js';
import { PaneTabs, useWidth, type Pane } from '../room/panes.js';
import { useConfirm } from '../components/ConfirmDialog.js';
import { applyStartLanguage } from '../room/startLanguage.js';
import { ThemeSelect } from '../theme/ThemeSelect.js';
import { useRoomEntry } from '../room/entry.js';
import { Board, createBoardUndoManager } from '../board/Board.js';
import { CodePad, createCodeUndoManager } from '../pad/CodePad.js';
import { TimerBar } from '../room/TimerBar.js';
import { PeoplePanel } from '../people/PeoplePanel.js';
import { PadLockNotice, WaitingRoom } from '../people/WaitingRoom.js';
import { useFollow } from '../people/useFollow.js';
import { Viewport } from '../board/viewport.js';
import type { EditorView } from '@codemirror/view';
import { Invites } from '../room/Invites.js';
import { ConnectionBadge, ConnectionNotice } from '../room/ConnectionBadge.js';
import { LayoutSwitch, SplitView, useLayout } from '../room/SplitView.js';
import { ROLE_LABELS } from '../room/labels.js';
import { NotesPanel } from '../room/NotesPanel.js';
import { QuestionPanel } from '../room/QuestionPanel.js';
import { Announcer } from '../a11y/Announcer.js';
import { CallButton } from '../call/CallButton.js';
import { IntegrityNotice } from '../playback/IntegrityNotice.js';
import { playbackPath } from '../../../shared/replay.js';
import { RunConsole } from '../run/RunConsole.js';

/** What browser tests read instead of the DOM (remote cursor labels pollute `.cm-content` text). */
export interface DuetProbe {
  pad: Y.Doc;
  notes: () => Y.Doc | null;
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
  const entry = useRoomEntry(props.roomId);
  if (entry.kind === 'rejoining') return <main class="narrow"><p class="muted">Bringing you back into the room…</p></main>;
  if (entry.kind === 'out') {
    return (
      <main class="narrow">
        <section class="card" role="alert">
          <h2>You are not in this room yet</h2>
          {entry.problem ? <p class="error">{entry.problem}</p> : null}
          <p>Open the invite link you were sent to join. Interviewers come back through the private link they were given when the room was created.</p>
          <p>
            <a href="/">Create a new interview</a>
          </p>
        </section>
      </main>
    );
  }
  return <Room roomId={props.roomId} session={entry.session} />;
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
  const invites = useMemo(() => loadInvites(props.roomId), [props.roomId]);
  const [endError, setEndError] = useState<string | null>(null);
  const [tab, setTab] = useState<SideTab>('question');
  const width = useWidth();
  const [pane, setPane] = useState<Pane>('pad');
  const confirm = useConfirm();
  const [padView, setPadView] = useState<EditorView | null>(null);
  const boardViewport = useMemo(() => new Viewport(), []);
  const follow = useFollow(conn, snap.you.id, snap.leader, padView, boardViewport);

  const role = snap.you.role;
  const status = snap.room?.status ?? 'open';
  // What to show is what the server's access policy would allow, for the room as last received.
  const who = { role, seat: snap.you.seat ?? null };
  const may = (action: Action): boolean => allowed(snap.room ?? ROOM_BEFORE_STATE, who, action);
  const readOnly = !may({ type: 'doc:write', doc: 'pad' });
  const runsClock = may({ type: 'timer', command: 'start' });
  const usesBank = may({ type: 'questions:use' });
  const canInvite = may({ type: 'invite:create' });
  // The invite panel opens by itself for whoever created the room here, until they dismiss it.
  const [showInvites, setShowInvites] = useState(() => invites !== null && !onboardingDismissed(props.roomId));
  const closeInvites = (): void => {
    dismissOnboarding(props.roomId);
    setShowInvites(false);
  };

  useEffect(() => {
    window.duetProbe = {
      pad: conn.pad,
      notes: () => conn.current.notes?.doc ?? null,
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
    if (snap.synced && !readOnly) applyStartLanguage(props.roomId, meta);
  }, [snap.synced, readOnly, meta]);

  useEffect(() => {
    document.title = snap.room ? `${snap.room.title} · Duet` : 'Duet';
  }, [snap.room?.title]);

  const room = snap.room;
  const isPeer = room?.mode === 'peer';
  const seat = snap.you.seat;
  const tabs: { id: SideTab; label: string }[] = [
    { id: 'question', label: 'Question' },
    ...(snap.notes ? [{ id: 'notes' as const, label: 'Notes' }] : []),
    ...(snap.peerFeedback ? [{ id: 'feedback' as const, label: 'Peer feedback' }] : []),
    ...(may({ type: 'invite:create' }) ? [{ id: 'invites' as const, label: 'Invites' }] : []),
  ];
  const activeTab = tabs.some((t) => t.id === tab) ? tab : 'question';

  const swap = async (): Promise<void> => {
    const ok = await confirm.ask({
      title: 'Swap roles?',
      message:
        role === 'interviewer'
          ? 'From now on the other seat interviews: they get the clock and their notes, and you become the candidate.'
          : 'From now on you interview: you get the clock and your notes, and the other seat becomes the candidate.',
      confirm: 'Swap roles',
    });
    if (!ok) return;
    const problem = await conn.swap();
    setEndError(problem ? problem.message : null);
  };

  const endInterview = async (): Promise<void> => {
    const ok = await confirm.ask({
      title: 'End the interview?',
      message: 'It ends for everyone: the pad and the board become a read-only record.',
      confirm: 'End interview',
      danger: true,
    });
    if (!ok) return;
    const problem = await conn.endRoom();
    setEndError(problem ? problem.message : null);
  };

  const signOut = async (): Promise<void> => {
    const ok = await confirm.ask({
      title: 'Sign out of this room?',
      message: may({ type: 'session:link' })
        ? 'This browser forgets your place in the room. Your private link brings you back.'
        : 'This browser forgets your place in the room. To come back you need a new invite link.',
      confirm: 'Sign out',
    });
    if (!ok) return;
    forgetSession(props.roomId);
    navigate('/');
  };

  // On narrow screens the pad and the board are tabs: the split view shows the chosen one.
  const shown: Pane = width === 'wide' ? 'pad' : width === 'tablet' && pane === 'panel' ? 'pad' : pane;
  const viewPrefs = width === 'wide' ? layout : { ...layout, layout: shown === 'board' ? ('board' as const) : ('pad' as const) };

  if (snap.waiting && !snap.fatal) return <WaitingRoom title={snap.waiting.title} name={snap.you.name} />;

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
          <span class="badge readonly" data-testid="readonly-badge" title={status === 'ended' ? 'The interview has ended' : room?.padLocked && role === 'candidate' ? 'An interviewer locked the pad and board' : 'Observers watch without editing'}>
            Read-only
          </span>
        ) : null}
        <span class="spacer" />
        <ConnectionBadge status={snap.status} save={snap.save} />
        <HeaderActions>
        <CallButton conn={conn} snap={snap} />
        {width === 'wide' ? <LayoutSwitch prefs={layout} onChange={setLayout} /> : null}
        {canInvite ? (
          <button type="button" aria-expanded={showInvites} onClick={() => (showInvites ? closeInvites() : setShowInvites(true))}>
            Invite
          </button>
        ) : null}
        {may({ type: 'room:swap' }) ? (
          <button type="button" onClick={() => void swap()} title="The other seat interviews from now on">
            Swap roles
          </button>
        ) : null}
        {seat && may({ type: 'feedback:share' }) ? (
          <label class="inline small">
            <input
              type="checkbox"
              checked={room?.peer?.sharedFeedback.includes(seat) ?? false}
              onChange={(e) => void conn.shareFeedback(e.currentTarget.checked).then((p) => setEndError(p ? p.message : null))}
            />{' '}
            Share my feedback
          </label>
        ) : null}
        {may({ type: 'report:read' }) ? (
          <a class="button-link" href={`/r/${encodeURIComponent(props.roomId)}/report`}>
            Report
          </a>
        ) : null}
        {may({ type: 'replay:read' }) ? (
          <a class="button-link" href={playbackPath(props.roomId)}>
            Playback
          </a>
        ) : null}
        {may({ type: 'room:end' }) && status === 'open' ? (
          <button type="button" class="danger" onClick={() => void endInterview()}>
            End interview
          </button>
        ) : null}
        <ThemeSelect />
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
        </HeaderActions>
      </header>
      {status === 'ended' ? (
        <div class="notice ended" role="status">
          This interview has ended. The pad and the board are kept as a read-only record.
        </div>
      ) : null}
      <PadLockNotice room={room} role={role} />
      {endError ? <div class="notice error" role="alert">{endError}</div> : null}
      {snap.alert ? (
        <div class="notice error" role="alert">
          {snap.alert.message}{' '}
          <button type="button" class="small-button" onClick={() => conn.dismissAlert()}>
            Dismiss
          </button>
        </div>
      ) : null}
      <ConnectionNotice status={snap.status} />
      {role === 'candidate' ? <IntegrityNotice conn={conn} reporting={may({ type: 'integrity:report' })} /> : null}
      <Announcer snapshot={snap} />
      <TimerBar
        clock={snap.clock}
        guaranteeCoding={room?.guaranteeCoding ?? false}
        extraTime={room?.extraTime ?? 1}
        controls={runsClock}
        onCommand={(c) => conn.timer(c)}
        onSetAgenda={(r) => conn.setAgenda(r)}
        onSettings={(r) => conn.settings(r)}
      />
      {showInvites ? (
        <InvitePanel
          roomId={props.roomId}
          token={props.session.token}
          invites={invites}
          peer={isPeer}
          privateLink={may({ type: 'session:link' })}
          onClose={closeInvites}
        />
      ) : null}
      {width !== 'wide' ? <PaneTabs width={width} pane={shown} onChange={setPane} /> : null}
      <div class="room-body" data-width={width} data-pane={shown}>
        <SplitView
          prefs={viewPrefs}
          onChange={setLayout}
          left={
            <>
              <CodePad text={code} meta={meta} awareness={conn.padProvider.awareness} undoManager={codeUndo} readOnly={readOnly} label="Code pad" onView={setPadView} />
              <RunConsole conn={conn} snap={snap} code={code} meta={meta} />
            </>
          }
          right={
            <Board
              ref={boardRef}
              viewport={boardViewport}
              doc={conn.pad}
              awareness={conn.padProvider.awareness}
              readOnly={readOnly}
              participantId={snap.you.id}
              origin={origin}
              undoManager={boardUndo}
            />
          }
        />
        <aside class="sidebar" hidden={width === 'phone' && shown !== 'panel'}>
          <PeoplePanel
            conn={conn}
            token={props.session.token}
            room={room}
            participants={snap.participants}
            youId={snap.you.id}
            stale={snap.status !== 'connected'}
            may={may}
            follow={follow}
            leader={snap.leader}
          />
          <div class="tabs" role="tablist" aria-label="Room panels">
            {tabs.map((t) => (
              <button
                key={t.id}
                type="button"
                role="tab"
                id={`tab-${t.id}`}
                aria-selected={activeTab === t.id}
                aria-controls={`panel-${t.id}`}
                onClick={() => setTab(t.id)}
              >
                {t.label}
              </button>
            ))}
          </div>
          <div class="tab-panel" role="tabpanel" id={`panel-${activeTab}`} aria-labelledby={`tab-${activeTab}`}>
            {activeTab === 'question' ? (
              <QuestionPanel
                revealed={room?.revealed ?? []}
                guidance={snap.guidance}
                bank={usesBank ? { token: props.session.token, reveal: (r) => conn.reveal(r), canReveal: may({ type: 'question:reveal' }) } : null}
              />
            ) : null}
            {activeTab === 'notes' && snap.notes ? (
              <NotesPanel
                notes={snap.notes}
                clock={snap.clock}
                heading={isPeer ? 'Your notes (only you see them)' : role === 'observer' ? 'Interviewer notes (read-only)' : 'Private notes (interviewers only)'}
                behavioral={(room?.revealed ?? []).filter((r) => r.question.kind === 'behavioral').map((r) => ({ id: r.question.id, title: r.question.title }))}
                observers={
                  room && !isPeer && may({ type: 'room:settings' })
                    ? { allowed: room.observersSeeNotes, set: (allowed) => void conn.settings({ observersSeeNotes: allowed }).then((p) => setEndError(p ? p.message : null)) }
                    : null
                }
              />
            ) : null}
            {activeTab === 'feedback' && snap.peerFeedback ? (
              <NotesPanel notes={snap.peerFeedback} clock={snap.clock} heading="Your peer's feedback (read-only)" behavioral={[]} observers={null} />
            ) : null}
            {activeTab === 'invites' ? (
              <Invites roomId={props.roomId} token={props.session.token} invites={invites} peer={isPeer} open={status === 'open'} />
            ) : null}
          </div>
        </aside>
      </div>
      {confirm.dialog}
    </div>
  );
}

type SideTab = 'question' | 'notes' | 'feedback' | 'invites';

/** Until `room:state` arrives: an open room in which the role from the join decides. */
const ROOM_BEFORE_STATE: PolicyRoom = { mode: 'interview', status: 'open', observersSeeNotes: false, peer: null };
