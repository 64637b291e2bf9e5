/** The whiteboard's toolbar: tool icons, edit and view buttons, stencils. */
import type { JSX } from 'preact';
import { STENCILS, type StencilName } from '../../../shared/schema.js';
import { TOOLS, type Tool } from './tools.js';

/** 16×16 outline icons, drawn in SVG so they never depend on a font having the glyph. */
export const ICONS: Record<Tool, JSX.Element> = {
  select: <path d="M3 2 L3 13 L6 10 L8.5 14.5 L10.5 13.5 L8 9 L12 9 Z" fill="currentColor" stroke="none" />,
  hand: <path d="M5 9 V4.5 a1 1 0 0 1 2 0 V8 M7 7.5 V3.5 a1 1 0 0 1 2 0 V8 M9 7.5 V4.5 a1 1 0 0 1 2 0 V9 M11 8.5 V6.5 a1 1 0 0 1 2 0 V10 c0 3 -2 4.5 -4.5 4.5 C6 14.5 5 13 3.5 10.5 L2.8 9.2 a1 1 0 0 1 1.7 -1 L5 9" />,
  rect: <rect x="2" y="4" width="12" height="8" rx="1.5" />,
  ellipse: <ellipse cx="8" cy="8" rx="6" ry="4.5" />,
  diamond: <path d="M8 2 L14 8 L8 14 L2 8 Z" />,
  database: <path d="M3 4 a5 1.8 0 0 0 10 0 a5 1.8 0 0 0 -10 0 V12 a5 1.8 0 0 0 10 0 V4" />,
  text: <path d="M3 3.5 H13 M8 3.5 V13" />,
  sticky: <path d="M2.5 2.5 H13.5 V10 L10 13.5 H2.5 Z M13.5 10 H10 V13.5" />,
  arrow: <path d="M2 13 L13 3 M8 3 H13 V8" />,
  pen: <path d="M2 14 L3 10.5 L11 2.5 L13.5 5 L5.5 13 Z M9.5 4 L12 6.5" />,
};

export interface ToolbarProps {
  readOnly: boolean;
  tool: Tool;
  scale: number;
  canUndo: boolean;
  canRedo: boolean;
  hasSelection: boolean;
  onTool: (tool: Tool) => void;
  onUndo: () => void;
  onRedo: () => void;
  onDelete: () => void;
  onZoom: (factor: number) => void;
  onFit: () => void;
  onExportSvg: () => void;
  onExportPng: () => void;
  onStencil: (name: StencilName) => void;
  /** The board's text view (shapes as a list, the keyboard way to edit) is shown. */
  textView: boolean;
  onTextView: () => void;
}

export function Toolbar(props: ToolbarProps): JSX.Element {
  return (
    <div class="board-toolbar" role="toolbar" aria-label="Whiteboard tools">
      {!props.readOnly ? (
        <>
          <div class="tool-group" role="group" aria-label="Drawing tools">
            {TOOLS.map((t) => (
              <button
                key={t.tool}
                type="button"
                class={props.tool === t.tool ? 'tool active' : 'tool'}
                aria-pressed={props.tool === t.tool}
                title={`${t.label} (${t.key.toUpperCase()})`}
                aria-label={t.label}
                data-tool={t.tool}
                onClick={() => props.onTool(t.tool)}
              >
                <svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round" stroke-linejoin="round">
                  {ICONS[t.tool]}
                </svg>
              </button>
            ))}
          </div>
          <div class="tool-group" role="group" aria-label="Edit">
            <button type="button" onClick={props.onUndo} disabled={!props.canUndo} title="Undo your last board change (Ctrl+Z)">Undo</button>
            <button type="button" onClick={props.onRedo} disabled={!props.canRedo} title="Redo (Ctrl+Shift+Z)">Redo</button>
            <button type="button" onClick={props.onDelete} disabled={!props.hasSelection} title="Delete selection (Del)">Delete</button>
          </div>
        </>
      ) : null}
      <div class="tool-group" role="group" aria-label="View">
        <button type="button" onClick={() => props.onZoom(1 / 1.2)} aria-label="Zoom out">−</button>
        <span class="zoom-level" aria-live="polite">{Math.round(props.scale * 100)}%</span>
        <button type="button" onClick={() => props.onZoom(1.2)} aria-label="Zoom in">+</button>
        <button type="button" onClick={props.onFit}>Fit</button>
        <button type="button" onClick={props.onExportSvg} title="Download the board as SVG" aria-label="Export SVG">SVG</button>
        <button type="button" onClick={props.onExportPng} title="Download the board as PNG" aria-label="Export PNG">PNG</button>
        <button type="button" aria-pressed={props.textView} onClick={props.onTextView} title="The board as a list of shapes: read and edit it by keyboard">
          Text view
        </button>
      </div>
      {!props.readOnly ? (
        <div class="tool-group stencils" role="group" aria-label="System design stencils">
          {(Object.keys(STENCILS) as StencilName[]).map((name) => (
            <button
              key={name}
              type="button"
              class="stencil"
              data-stencil={name}
              aria-label={`Add ${STENCILS[name].label}`}
              title={`Add ${STENCILS[name].label}`}
              onClick={() => props.onStencil(name)}
            >
              {STENCILS[name].label}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
