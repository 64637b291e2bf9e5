/**
 * Server-side normalisation of user text inside the pad: whiteboard labels lose control and
 * bidirectional-override characters and are cut to length, and the language is one we know.
 * Clients render all of it as text anyway; this keeps what is stored — and what reports and other
 * clients read — clean, whatever a modified client sent. Fixes are ordinary Yjs edits by the
 * server, so they are stored and relayed like any other.
 */
import * as Y from 'yjs';
import { LANGUAGES, MAX_LABEL_LENGTH, PAD } from '../../shared/schema.js';
import { cleanLabel } from '../../shared/text.js';
import { REMOTE_ORIGIN, SERVER_ORIGIN, type SharedDoc } from './document.js';

const TEXT_FIELDS = ['label'] as const;

/**
 * Checks what each transaction changed, from the transaction itself rather than from observers on
 * `shapes` and `meta`: observing them would open both maps (with their event handlers) in every
 * loaded pad, most of which never draw a shape. One function for all pads: Yjs passes the document.
 */
function sanitizeTransaction(tr: Y.Transaction, ydoc: Y.Doc): void {
  // Another process's update was checked (and fixed) by that process.
  if (tr.origin === SERVER_ORIGIN || tr.origin === REMOTE_ORIGIN) return;
  // The roots as they are now; a root nobody opened is a plain AbstractType that holds the same
  // items, and `tr.changed` is keyed by that object until `getMap` replaces it.
  const shapesRoot = ydoc.share.get(PAD.shapes);
  const metaRoot = ydoc.share.get(PAD.meta);
  if (!shapesRoot && !metaRoot) return;
  let shapeIds: string[] = [];
  const editedShapes: Y.Map<unknown>[] = [];
  let languageChanged = false;
  // `changed` lists the types that already existed and got new keys: a shape added in this
  // transaction shows as its id on the root, a shape edited later as the shape itself.
  for (const [type, keys] of tr.changed) {
    if (type === shapesRoot) shapeIds = [...keys].filter((key): key is string => key !== null);
    else if (type === metaRoot) languageChanged ||= keys.has('language');
    else if (type instanceof Y.Map && type._item !== null && type._item.parent === shapesRoot && !type._item.deleted) {
      editedShapes.push(type);
    }
  }
  const fixes: [Y.Map<unknown>, string, string][] = [];
  if (shapeIds.length > 0 || editedShapes.length > 0) {
    const shapes = ydoc.getMap<unknown>(PAD.shapes);
    const added = shapeIds.map((id) => shapes.get(id)).filter((v): v is Y.Map<unknown> => v instanceof Y.Map);
    for (const shape of [...added, ...editedShapes]) {
      for (const field of TEXT_FIELDS) {
        const value = shape.get(field);
        if (typeof value !== 'string') continue;
        const clean = cleanLabel(value, MAX_LABEL_LENGTH);
        if (clean !== value) fixes.push([shape, field, clean]);
      }
    }
  }
  let dropLanguage = false;
  if (languageChanged) {
    const language = ydoc.getMap<unknown>(PAD.meta).get('language');
    dropLanguage = language !== undefined && !(LANGUAGES as readonly unknown[]).includes(language);
  }
  if (fixes.length === 0 && !dropLanguage) return;
  ydoc.transact(() => {
    for (const [shape, field, clean] of fixes) shape.set(field, clean);
    if (dropLanguage) ydoc.getMap<unknown>(PAD.meta).delete('language');
  }, SERVER_ORIGIN);
}

export function sanitizePad(doc: SharedDoc): void {
  doc.ydoc.on('afterTransaction', sanitizeTransaction);
}
