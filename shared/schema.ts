/**
 * The shape of the room documents, defined once for server and client.
 *
 * `pad` (everyone in the room):
 *   - `code`   Y.Text — the code pad
 *   - `meta`   Y.Map  — `language` (one of LANGUAGES)
 *   - `shapes` Y.Map<Y.Map> — the whiteboard, one Y.Map per shape keyed by its id, so two people
 *              moving different shapes never touch the same Yjs value
 * `notes` (interviewers only; in peer rooms one document per seat, `notes-a` and `notes-b`):
 *   - `notes`     Y.Text — free notes shared live among interviewers
 *   - `scorecard` Y.Map  — ratings, STAR captures, recommendation; flat keys (see `SCORECARD_KEYS`)
 */
export const PAD = { code: 'code', meta: 'meta', shapes: 'shapes' } as const;
/**
 * The pad's `meta` key that says a question's starter code is in the pad. The server sets it in the
 * same Yjs transaction as the code, so one stored update holds both: after a crash between storing
 * the code and storing the reveal, revealing again does not insert the code a second time.
 */
export const starterMarkerKey = (questionId: string): string => `starter:${questionId}`;
export const NOTES = { notes: 'notes', scorecard: 'scorecard' } as const;

export const LANGUAGES = ['javascript', 'typescript', 'python', 'java', 'cpp', 'go', 'sql', 'plaintext'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'javascript';
export const isLanguage = (value: unknown): value is Language => (LANGUAGES as readonly unknown[]).includes(value);
/** The pad's language as `meta.language` holds it; anything else (unset, junk a client wrote) is the default. */
export const padLanguage = (value: unknown): Language => (isLanguage(value) ? value : DEFAULT_LANGUAGE);
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

// ---- scorecard (the `scorecard` Y.Map of a notes document) ----

/** Areas rated 1 (weak) to 4 (strong), each with a comment. */
export const SCORECARD_AREAS = ['problemSolving', 'codeQuality', 'communication', 'systemDesign', 'behavioral'] as const;
export type ScorecardArea = (typeof SCORECARD_AREAS)[number];
export const SCORECARD_AREA_LABELS: Record<ScorecardArea, string> = {
  problemSolving: 'Problem solving',
  codeQuality: 'Code quality',
  communication: 'Communication',
  systemDesign: 'System design',
  behavioral: 'Behavioral',
};

export type Rating = 1 | 2 | 3 | 4;
/** What each rating means, so every interviewer reads the scale the same way. */
export const RATING_LABELS: Record<Rating, string> = {
  1: 'Well below the bar',
  2: 'Below the bar',
  3: 'Meets the bar',
  4: 'Above the bar',
};
export const RECOMMENDATIONS = ['strong-no', 'no', 'yes', 'strong-yes'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];
export const RECOMMENDATION_LABELS: Record<Recommendation, string> = {
  'strong-no': 'Strong no',
  no: 'No',
  yes: 'Yes',
  'strong-yes': 'Strong yes',
};

export const STAR_FIELDS = ['situation', 'task', 'action', 'result'] as const;
export type StarField = (typeof STAR_FIELDS)[number];

export interface AreaScore {
  rating: Rating | null;
  comment: string;
}

/** One behavioral question answered in STAR form. */
export interface StarCapture {
  /** The behavioral question's id (any string the client chooses for a question not in the bank). */
  questionId: string;
  title: string;
  situation: string;
  task: string;
  action: string;
  result: string;
  rating: Rating | null;
}

export interface Scorecard {
  areas: Record<ScorecardArea, AreaScore>;
  star: StarCapture[];
  recommendation: Recommendation | null;
}

/**
 * Keys of the scorecard Y.Map. Flat keys with plain values rather than nested maps: two
 * interviewers filling in a fresh scorecard at once would each create the nested map, and Yjs keeps
 * only one of them — losing the other's input. With flat keys each field is last-writer-wins on its
 * own. Text fields may be strings or Y.Text; the reader accepts both.
 */
export const SCORECARD_KEYS = {
  rating: (area: ScorecardArea) => `rating:${area}`,
  comment: (area: ScorecardArea) => `comment:${area}`,
  /** A STAR field, the STAR rating (`field` = `rating`) or the question title (`title`). */
  star: (questionId: string, field: StarField | 'rating' | 'title') => `star:${questionId}:${field}`,
  recommendation: 'recommendation',
} as const;

/** What `readScorecard` needs of a Y.Map; structural, so this module does not import yjs. */
export interface ReadableMap {
  get(key: string): unknown;
  keys(): IterableIterator<string>;
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  // Y.Text (and anything else with a meaningful toString) — plain objects are ignored.
  if (value !== null && typeof value === 'object' && value.constructor !== Object && typeof value.toString === 'function') {
    return String(value.toString());
  }
  return '';
}

function rating(value: unknown): Rating | null {
  return value === 1 || value === 2 || value === 3 || value === 4 ? value : null;
}

export function emptyScorecard(): Scorecard {
  const areas = {} as Record<ScorecardArea, AreaScore>;
  for (const area of SCORECARD_AREAS) areas[area] = { rating: null, comment: '' };
  return { areas, star: [], recommendation: null };
}

/** More STAR captures than any interview has questions; the rest are ignored. */
export const MAX_STAR_CAPTURES = 50;

/** Reads a scorecard out of its Y.Map, ignoring anything malformed (it is user-written data). */
export function readScorecard(map: ReadableMap): Scorecard {
  const card = emptyScorecard();
  for (const area of SCORECARD_AREAS) {
    card.areas[area] = { rating: rating(map.get(SCORECARD_KEYS.rating(area))), comment: text(map.get(SCORECARD_KEYS.comment(area))) };
  }
  const rec = map.get(SCORECARD_KEYS.recommendation);
  card.recommendation = (RECOMMENDATIONS as readonly unknown[]).includes(rec) ? (rec as Recommendation) : null;
  // A Set, and a cap: the keys are user-written, and a notes doc may hold tens of thousands.
  const ids = new Set<string>();
  for (const key of map.keys()) {
    const match = /^star:(.+):(situation|task|action|result|rating|title)$/.exec(key);
    if (match) ids.add(match[1]!);
    if (ids.size >= MAX_STAR_CAPTURES) break;
  }
  card.star = [...ids].sort().map((id) => ({
    questionId: id,
    title: text(map.get(SCORECARD_KEYS.star(id, 'title'))),
    situation: text(map.get(SCORECARD_KEYS.star(id, 'situation'))),
    task: text(map.get(SCORECARD_KEYS.star(id, 'task'))),
    action: text(map.get(SCORECARD_KEYS.star(id, 'action'))),
    result: text(map.get(SCORECARD_KEYS.star(id, 'result'))),
    rating: rating(map.get(SCORECARD_KEYS.star(id, 'rating'))),
  }));
  return card;
}
