/** The whiteboard's tools and their keys, and the size a click (not a drag) gives each box. */
import type { ShapeType } from '../../../shared/schema.js';

export type Tool = 'select' | 'hand' | 'rect' | 'ellipse' | 'diamond' | 'database' | 'text' | 'sticky' | 'arrow' | 'pen';

/** Shape types drawn as a box by dragging (or clicking) with the tool of the same name. */
export type BoxType = Exclude<ShapeType, 'arrow' | 'pen'>;

export const TOOLS: { tool: Tool; label: string; key: string }[] = [
  { tool: 'select', label: 'Select', key: 'v' },
  { tool: 'hand', label: 'Pan', key: 'h' },
  { tool: 'rect', label: 'Rectangle', key: 'r' },
  { tool: 'ellipse', label: 'Ellipse', key: 'o' },
  { tool: 'diamond', label: 'Diamond', key: 'd' },
  { tool: 'database', label: 'Database', key: 'b' },
  { tool: 'text', label: 'Text', key: 't' },
  { tool: 'sticky', label: 'Sticky note', key: 's' },
  { tool: 'arrow', label: 'Arrow', key: 'a' },
  { tool: 'pen', label: 'Pen', key: 'p' },
];

/** Tools someone who may not write can still use: they change only what that person sees. */
export const VIEW_TOOLS: readonly Tool[] = ['select', 'hand'];

export const DEFAULT_SIZE: Record<BoxType, { w: number; h: number }> = {
  rect: { w: 140, h: 70 },
  ellipse: { w: 130, h: 70 },
  diamond: { w: 140, h: 84 },
  database: { w: 120, h: 90 },
  text: { w: 140, h: 32 },
  sticky: { w: 160, h: 110 },
};

/** The label a new box starts with (and opens the label editor on), if any. */
export const DEFAULT_LABEL: Partial<Record<BoxType, string>> = { text: 'Text', sticky: 'Note' };
