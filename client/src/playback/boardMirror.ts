/**
 * The board during playback stays mounted on one display document; each new moment's shapes are
 * copied into it. A seek then redraws only the shapes that differ, instead of mounting a new board
 * on every moment (which cost more than reading the moment itself).
 */
import * as Y from 'yjs';
import { PAD } from '../../../shared/schema.js';

const same = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

const isFields = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Makes `to`'s shapes equal `shapes` (the shapes map as `toJSON()` gives it): new ones added,
 * changed fields set, gone ones deleted.
 */
export function mirrorShapes(shapes: Record<string, unknown>, to: Y.Doc): void {
  const target = to.getMap<unknown>(PAD.shapes);
  to.transact(() => {
    for (const id of [...target.keys()]) if (!isFields(shapes[id])) target.delete(id);
    for (const [id, fields] of Object.entries(shapes)) {
      if (!isFields(fields)) continue;
      let copy = target.get(id);
      if (!(copy instanceof Y.Map)) target.set(id, (copy = new Y.Map<unknown>()));
      const map = copy as Y.Map<unknown>;
      for (const key of [...map.keys()]) if (!(key in fields)) map.delete(key);
      for (const [key, value] of Object.entries(fields)) if (!same(map.get(key), value)) map.set(key, value);
    }
  });
}
