/**
 * The shape of the room documents, defined once for server and client.
 *
 * `pad` (everyone in the room):
 *   - `code`   Y.Text — the code pad
 *   - `meta`   Y.Map  — `language` (one of LANGUAGES)
 *   - `shapes` Y.Map<Y.Map> — the whiteboard, one Y.Map per shape keyed by its id, so two people
 *              moving different shapes never touch the same Yjs value
 * `notes` (interviewers only):
 *   - `notes`     Y.Text — free notes shared live among interviewers
 *   - `scorecard` Y.Map  — ratings, STAR captures, recommendation
 */
export const PAD = { code: 'code', meta: 'meta', shapes: 'shapes' } as const;
export const NOTES = { notes: 'notes', scorecard: 'scorecard' } as const;

export const LANGUAGES = ['javascript', 'typescript', 'python', 'java', 'cpp', 'go', 'sql', 'plaintext'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'javascript';
export const LANGUAGE_LABELS: Record<Language, string> = {
  javascript: 'JavaScript',
  typescript: 'TypeScript',
  python: 'Python',
  java: 'Java',
  cpp: 'C++',
  go: 'Go',
  sql: 'SQL',
  plaintext: 'Plain text',
};

export const SHAPE_TYPES = ['rect', 'ellipse', 'diamond', 'database', 'text', 'sticky', 'arrow', 'pen'] as const;
export type ShapeType = (typeof SHAPE_TYPES)[number];

/** System-design stencils: each is a labelled shape of one of the basic types. */
export const STENCILS = {
  client: { type: 'rect', label: 'Client' },
  'load-balancer': { type: 'diamond', label: 'Load balancer' },
  service: { type: 'rect', label: 'Service' },
  database: { type: 'database', label: 'Database' },
  cache: { type: 'ellipse', label: 'Cache' },
  queue: { type: 'rect', label: 'Queue' },
  cdn: { type: 'ellipse', label: 'CDN' },
  'object-storage': { type: 'database', label: 'Object storage' },
} as const satisfies Record<string, { type: ShapeType; label: string }>;
export type StencilName = keyof typeof STENCILS;

/** Where an arrow end sits: bound to a shape (it follows the shape) or free at a point. */
export type ArrowEnd = { shape: string } | { x: number; y: number };

/**
 * The fields of one shape's Y.Map. Geometry is the bounding box in board coordinates; arrows keep
 * their ends in `from`/`to`, pen strokes their points relative to (x, y).
 */
export interface ShapeData {
  id: string;
  type: ShapeType;
  x: number;
  y: number;
  w: number;
  h: number;
  /** Stacking order; higher is drawn later. */
  z: number;
  label?: string;
  stencil?: StencilName;
  color?: string;
  from?: ArrowEnd;
  to?: ArrowEnd;
  points?: number[][];
  /** Participant id of whoever made it. */
  author?: string;
}

/** Longest label or name the server keeps; longer text is cut. */
export const MAX_LABEL_LENGTH = 200;
