/**
 * The board during playback stays mounted on one display document; each new moment's shapes are
 * copied into it. A seek then redraws only the shapes that differ, instead of mounting a new board
 * on every rebuilt document (which cost more than the rebuild itself).
 */
import * as Y from 'yjs';
import { PAD } from '../../../shared/schema.js';

const same = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

/** Makes `to`'s shapes equal `from`'s: new ones added, changed fields set, gone ones deleted. */
export function mirrorShapes(from: Y.Doc, to: Y.Doc): void {
  const source = from.getMap<unknown>(PAD.shapes);
  const target = to.getMap<unknown>(PAD.shapes);
  to.transact(() => {
    for (const id of [...target.keys()]) if (!(source.get(id) instanceof Y.Map)) target.delete(id);
    source.forEach((shape, id) => {
      if (!(shape instanceof Y.Map)) return;
      const fields = shape.toJSON() as Record<string, unknown>;
      let copy = target.get(id);
      if (!(copy instanceof Y.Map)) target.set(id, (copy = new Y.Map<unknown>()));
      const map = copy as Y.Map<unknown>;
      for (const key of [...map.keys()]) if (!(key in fields)) map.delete(key);
      for (const [key, value] of Object.entries(fields)) if (!same(map.get(key), value)) map.set(key, value);
    });
  });
}
