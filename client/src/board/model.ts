/**
 * The whiteboard as Yjs data: `pad.shapes` is a Y.Map of Y.Maps, one per shape, so two people moving
 * different shapes never write the same Yjs value. Every local change carries `origin`, which the
 * board's UndoManager tracks, so undo only ever touches your own changes.
 */
import * as Y from 'yjs';
import { MAX_LABEL_LENGTH, PAD, SHAPE_TYPES, STENCILS, type ArrowEnd, type ShapeData, type ShapeType, type StencilName } from '../../../shared/schema.js';

export type ShapeMap = Y.Map<unknown>;

export function shapesOf(doc: Y.Doc): Y.Map<ShapeMap> {
  return doc.getMap<ShapeMap>(PAD.shapes);
}

function isShapeType(value: unknown): value is ShapeType {
  return typeof value === 'string' && (SHAPE_TYPES as readonly string[]).includes(value);
}

function isStencil(value: unknown): value is StencilName {
  return typeof value === 'string' && Object.hasOwn(STENCILS, value);
}

function num(value: unknown, fallback = 0): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function readEnd(value: unknown): ArrowEnd | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v['shape'] === 'string') return { shape: v['shape'] };
  if (typeof v['x'] === 'number' && typeof v['y'] === 'number') return { x: v['x'], y: v['y'] };
  return undefined;
}

function readPoints(value: unknown): number[][] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((p): p is number[] => Array.isArray(p) && typeof p[0] === 'number' && typeof p[1] === 'number');
}

/** A shape's Y.Map as `ShapeData`; anything malformed (another client's bug) is skipped, not trusted. */
export function readShape(id: string, map: unknown): ShapeData | null {
  if (!(map instanceof Y.Map)) return null;
  const type = map.get('type');
  if (!isShapeType(type)) return null;
  const shape: ShapeData = {
    id,
    type,
    x: num(map.get('x')),
    y: num(map.get('y')),
    w: Math.max(0, num(map.get('w'))),
    h: Math.max(0, num(map.get('h'))),
    z: num(map.get('z')),
  };
  const label = map.get('label');
  if (typeof label === 'string') shape.label = label.slice(0, MAX_LABEL_LENGTH);
  const stencil = map.get('stencil');
  if (isStencil(stencil)) shape.stencil = stencil;
  const color = map.get('color');
  if (typeof color === 'string') shape.color = color;
  const from = readEnd(map.get('from'));
  if (from) shape.from = from;
  const to = readEnd(map.get('to'));
  if (to) shape.to = to;
  const points = readPoints(map.get('points'));
  if (points) shape.points = points;
  const author = map.get('author');
  if (typeof author === 'string') shape.author = author;
  return shape;
}

export function readShapes(doc: Y.Doc): ShapeData[] {
  const out: ShapeData[] = [];
  shapesOf(doc).forEach((map, id) => {
    const shape = readShape(id, map);
    if (shape) out.push(shape);
  });
  return out.sort((a, b) => a.z - b.z || (a.id < b.id ? -1 : 1));
}

export function newShapeId(): string {
  return crypto.randomUUID().replace(/-/g, '').slice(0, 16);
}

export function nextZ(doc: Y.Doc): number {
  let max = 0;
  shapesOf(doc).forEach((map) => {
    max = Math.max(max, num(map.get('z')));
  });
  return max + 1;
}

type ShapeFields = Omit<ShapeData, 'id'>;

export function addShape(doc: Y.Doc, id: string, fields: ShapeFields, origin: unknown): void {
  doc.transact(() => {
    const map = new Y.Map<unknown>();
    shapesOf(doc).set(id, map);
    for (const [key, value] of Object.entries(fields)) if (value !== undefined) map.set(key, value);
  }, origin);
}

/** Writes only the fields that changed, so concurrent edits of other fields of one shape survive. */
export function updateShapes(doc: Y.Doc, patches: ReadonlyMap<string, Partial<ShapeFields>>, origin: unknown): void {
  if (patches.size === 0) return;
  doc.transact(() => {
    const shapes = shapesOf(doc);
    for (const [id, patch] of patches) {
      const map = shapes.get(id);
      if (!map) continue;
      for (const [key, value] of Object.entries(patch)) {
        if (value === undefined) map.delete(key);
        else if (JSON.stringify(map.get(key)) !== JSON.stringify(value)) map.set(key, value);
      }
    }
  }, origin);
}

/** Deletes shapes and the arrows bound to them (an arrow to nothing means nothing). */
export function deleteShapes(doc: Y.Doc, ids: Iterable<string>, origin: unknown): void {
  const doomed = new Set(ids);
  if (doomed.size === 0) return;
  doc.transact(() => {
    const shapes = shapesOf(doc);
    shapes.forEach((map, id) => {
      const from = readEnd(map.get('from'));
      const to = readEnd(map.get('to'));
      if ((from && 'shape' in from && doomed.has(from.shape)) || (to && 'shape' in to && doomed.has(to.shape))) doomed.add(id);
    });
    for (const id of doomed) shapes.delete(id);
  }, origin);
}
