/**
 * `/r/<roomId>/playback[?t=<ms>]`: the whole interview played back from the stored log — the pad
 * (recent edits tinted by author), the board and the clock as they were at the playhead, with a
 * scrubber of everyone's tracks and the room's moments. Opened from the room and from the report.
 */
import type { JSX } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import * as Y from 'yjs';
import { playbackPath } from '../../../shared/replay.js';
import { PAD } from '../../../shared/schema.js';
import { formatClock } from '../../../shared/timer.js';
import { api, ApiError } from '../lib/api.js';
import { loadSession } from '../lib/session.js';
import { Board, Viewport } from '../board/Board.js';
import { asLanguage } from '../pad/languages.js';
import { parseMoment, PlaybackModel, SPEEDS, type Marker, type Speed } from '../playback/model.js';
import { PlaybackPad, type Tint } from '../playback/PlaybackPad.js';
import { Scrubber } from '../playback/Scrubber.js';
import { mirrorShapes } from '../playback/boardMirror.js';

/** What browser tests read: the playhead, and the code and board shown there. */
export interface PlaybackProbe {
  /** The room's start, epoch ms: the playhead counts from it. */
  start: number;
  at: () => number;
  code: () => string;
  shapes: () => Record<string, unknown>;
}

declare global {
  interface Window {
    duetPlayback?: PlaybackProbe;
  }
}

export function PlaybackPage(props: { roomId: string }): JSX.Element {
  const session = useMemo(() => loadSession(props.roomId), [props.roomId]);
  const [model, setModel] = useState<PlaybackModel | null>(null);
  const [error, setError] = useState<string | null>(session ? null : 'Open the room from your invite link first: playback uses your session in this tab.');
  useEffect(() => {
    if (!session) return;
    api.replay(props.roomId, session.token).then(
      (replay) => setModel(new PlaybackModel(replay)),
      (err: unknown) => setError(err instanceof ApiError ? err.message : 'Could not load the recording.'),
    );
  }, [props.roomId, session]);
  useEffect(() => {
    document.title = model ? `Playback · ${model.replay.room.title} · Duet` : 'Playback · Duet';
  }, [model]);
  if (error) {
    return (
      <main class="narrow">
        <section class="card" role="alert">
          <h2>Playback is not available</h2>
          <p>{error}</p>
          <p>
            <a href={`/r/${encodeURIComponent(props.roomId)}`}>Back to the room</a>
          </p>
        </section>
      </main>
    );
  }
  if (!model) return <main class="narrow"><p class="muted">Loading the recording…</p></main>;
  return <Player model={model} roomId={props.roomId} />;
}

/** How long the playhead rests before the address bar follows it (browsers throttle rapid history updates). */
const URL_FOLLOW_MS = 250;

function Player(props: { model: PlaybackModel; roomId: string }): JSX.Element {
  const { model } = props;
  const [at, setAt] = useState(() => model.clamp(parseMoment(location.search) ?? 0));
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<Speed>(1);
  const [skipIdle, setSkipIdle] = useState(true);
  const [selected, setSelected] = useState<Marker | null>(null);
  const viewport = useMemo(() => new Viewport(), []);
  // The board stays mounted on this document; each moment's shapes are mirrored into it.
  const boardDoc = useMemo(() => new Y.Doc(), []);

  const frame = model.padAt(at);
  const text = frame.code;
  const tints: Tint[] = useMemo(
    () => model.recentEdits(frame.spans, at).map((r) => ({ from: r.from, to: r.to, age: r.age, color: model.person(r.by).color })),
    [frame, at],
  );
  const clock = model.clockAt(at);
  useLayoutEffect(() => mirrorShapes(frame.shapes, boardDoc), [frame, boardDoc]);

  // Playing: the playhead moves with real time, times the speed. A layout effect, so Pause stops
  // the loop as it renders: a plain effect's cleanup waits for the next paint, and one more frame
  // would move the playhead past where it was paused.
  useLayoutEffect(() => {
    if (!playing) return;
    let last = performance.now();
    let id = requestAnimationFrame(function tick(now) {
      const elapsed = now - last;
      last = now;
      setAt((current) => {
        const next = model.advance(current, elapsed, speed, skipIdle);
        if (next >= model.duration) setPlaying(false);
        return next;
      });
      id = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(id);
  }, [playing, speed, skipIdle, model]);

  // The address bar links to the moment shown (updated when not playing, to keep history quiet).
  useEffect(() => {
    if (playing) return;
    const timer = setTimeout(() => history.replaceState(null, '', playbackPath(props.roomId, at)), URL_FOLLOW_MS);
    return () => clearTimeout(timer);
  }, [playing, at, props.roomId]);

  useEffect(() => {
    window.duetPlayback = { start: model.start, at: () => at, code: () => text, shapes: () => boardDoc.getMap(PAD.shapes).toJSON() };
    return () => {
      delete window.duetPlayback;
    };
  }, [at, text, boardDoc, model]);

  const seek = (to: number) => setAt(model.clamp(to));
  const onMarker = (m: Marker) => {
    setSelected(m);
    seek(m.at);
  };
  const togglePlay = () => {
    if (playing) setPlaying(false);
    else {
      if (at >= model.duration) seek(0);
      setPlaying(true);
    }
  };
  // Space plays and pauses anywhere on the page, except where it already means something.
  const toggleRef = useRef(togglePlay);
  toggleRef.current = togglePlay;
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const target = e.target instanceof Element ? e.target : null;
      if (e.key !== ' ' || target?.closest('button, a, textarea, select, input:not([type="range"]), [contenteditable="true"]')) return;
      e.preventDefault();
      toggleRef.current();
    };
    addEventListener('keydown', onKeyDown);
    return () => removeEventListener('keydown', onKeyDown);
  }, []);
  const copyLink = () => void navigator.clipboard?.writeText(location.origin + playbackPath(props.roomId, at)).catch(() => undefined);

  return (
    <div class="room playback" data-applied={frame.applied}>
      <header class="room-header">
        <a class="logo" href="/" aria-label="Duet home">Duet</a>
        <h1 class="room-title">{model.replay.room.title}</h1>
        <span class="badge">Playback</span>
        <span class="spacer" />
        <a href={`/r/${encodeURIComponent(props.roomId)}`}>Back to the room</a>
      </header>
      <div class="playback-controls" role="toolbar" aria-label="Playback controls">
        <button type="button" class="primary" onClick={togglePlay} title="Play or pause (Space)">
          {playing ? 'Pause' : 'Play'}
        </button>
        <span class="segmented" role="group" aria-label="Speed">
          {SPEEDS.map((s) => (
            <button key={s} type="button" aria-pressed={speed === s} onClick={() => setSpeed(s)}>
              {s}×
            </button>
          ))}
        </span>
        <label class="inline small">
          <input type="checkbox" checked={skipIdle} onChange={(e) => setSkipIdle(e.currentTarget.checked)} /> Skip idle
        </label>
        <span class="playback-time" data-testid="playback-time">
          {formatClock(at)} / {formatClock(model.duration)}
        </span>
        <span class={`clock${clock.view.overtime ? ' overtime' : ''}`} data-testid="playback-clock" title="The interview clock at this moment">
          {clock.text}
        </span>
        <span class="spacer" />
        <button type="button" onClick={copyLink} title="Copy a link to this moment">
          Copy link
        </button>
      </div>
      <Scrubber model={model} at={at} onSeek={seek} onMarker={onMarker} />
      {selected ? <MarkerDetail marker={selected} roomId={props.roomId} onClose={() => setSelected(null)} /> : null}
      <div class="playback-body">
        <PlaybackPad text={text} language={asLanguage(frame.language)} tints={tints} />
        <div class="playback-board">
          <Board doc={boardDoc} readOnly viewport={viewport} />
        </div>
      </div>
    </div>
  );
}

/** A clicked marker: what happened, and (for code runs) the output that was shown. */
function MarkerDetail(props: { marker: Marker; roomId: string; onClose: () => void }): JSX.Element {
  const { marker } = props;
  const output = marker.kind === 'run' ? marker.event.data?.['output'] ?? marker.event.data?.['stdout'] : undefined;
  return (
    <div class="notice marker-detail" role="status">
      <a href={playbackPath(props.roomId, marker.at)}>{formatClock(marker.at)}</a> {marker.label}
      {output !== undefined ? <pre class="run-output">{typeof output === 'string' ? output : JSON.stringify(output, null, 2)}</pre> : null}{' '}
      <button type="button" class="small-button" onClick={props.onClose}>
        Close
      </button>
    </div>
  );
}
