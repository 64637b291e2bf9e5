/**
 * The scrubber: one track per person (their edit density over the interview), markers for phases,
 * reveals, runs, pastes and focus changes, and the playhead. Seeking is a native range input laid
 * over the tracks (keyboard and screen readers work), markers are buttons.
 */
import type { JSX } from 'preact';
import { useMemo, useRef } from 'preact/hooks';
import { formatClock } from '../../../shared/timer.js';
import type { Marker, PlaybackModel } from './model.js';

const MARKER_GLYPHS: Record<Marker['kind'], string> = {
  phase: '◆',
  reveal: '?',
  run: '▶',
  paste: 'P',
  focus: 'F',
  swap: '⇄',
  end: '■',
  people: '☺',
};

/** Markers of a person (pastes, focus) sit on their track; the room's own on the top row. */
const personal = (m: Marker) => m.kind === 'paste' || m.kind === 'focus' || m.kind === 'run';

/**
 * The rows that do not move with the playhead: rebuilt only with the model, so a seek re-renders
 * the playhead and the range input, not every marker and density bar.
 */
function Lanes(props: { model: PlaybackModel; onMarker: (m: Marker) => void }): JSX.Element {
  const { model } = props;
  const pct = (t: number) => `${((t / model.duration) * 100).toFixed(3)}%`;
  const markerButton = (m: Marker, i: number) => (
    <button
      key={i}
      type="button"
      class={`marker marker-${m.kind}`}
      style={{ left: pct(m.at) }}
      title={`${formatClock(m.at)} · ${m.label}`}
      aria-label={`${formatClock(m.at)}: ${m.label}`}
      onClick={() => props.onMarker(m)}
    >
      {MARKER_GLYPHS[m.kind]}
    </button>
  );
  return (
    <>
      <div class="scrub-row">
        <span class="scrub-name">Room</span>
        <div class="scrub-lane markers-lane">{model.markers.map((m, i) => (personal(m) ? null : markerButton(m, i)))}</div>
      </div>
      {model.tracks.map((track) => (
        <div class="scrub-row" key={track.participant.id} data-person={track.participant.id}>
          <span class="scrub-name" title={`${track.participant.name}: ${track.edits} edits`}>
            <span class="swatch" style={{ background: track.participant.color }} />
            {track.participant.name}
          </span>
          <div class="scrub-lane">
            <svg class="density" viewBox={`0 0 ${track.density.length} 1`} preserveAspectRatio="none" aria-hidden="true">
              {track.density.map((d, i) => (d > 0 ? <rect key={i} x={i} y={1 - Math.max(0.12, d)} width={1} height={Math.max(0.12, d)} fill={track.participant.color} /> : null))}
            </svg>
            {model.markers.map((m, i) => (personal(m) && m.by === track.participant.id ? markerButton(m, i) : null))}
          </div>
        </div>
      ))}
    </>
  );
}

export function Scrubber(props: { model: PlaybackModel; at: number; onSeek: (at: number) => void; onMarker: (m: Marker) => void }): JSX.Element {
  const { model, at } = props;
  const pct = (t: number) => `${((t / model.duration) * 100).toFixed(3)}%`;
  const onMarker = useRef(props.onMarker);
  onMarker.current = props.onMarker;
  // The same element each render: Preact skips diffing an unchanged element.
  const lanes = useMemo(() => <Lanes model={model} onMarker={(m) => onMarker.current(m)} />, [model]);
  const gaps = useMemo(
    () => model.idleGaps.map(([from, to]) => <span key={from} class="idle-gap" style={{ left: pct(from), width: pct(to - from) }} title="Nothing happened" />),
    [model],
  );
  return (
    <div class="scrubber">
      {lanes}
      <div class="scrub-row">
        <span class="scrub-name" />
        <div class="scrub-lane seek-lane">
          {gaps}
          <input
            type="range"
            class="seek"
            aria-label="Playback position"
            aria-valuetext={`${formatClock(at)} of ${formatClock(model.duration)}`}
            min={0}
            max={model.duration}
            step={100}
            value={at}
            onInput={(e) => props.onSeek(Number(e.currentTarget.value))}
          />
        </div>
      </div>
      <div class="playhead-layer" aria-hidden="true">
        <span class="playhead" style={{ left: pct(at) }} />
      </div>
    </div>
  );
}
