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
import { SERVER_ORIGIN, type SharedDoc } from './document.js';

const TEXT_FIELDS = ['label'] as const;

export function sanitizePad(doc: SharedDoc): void {
  const shapes = doc.ydoc.getMap<unknown>(PAD.shapes);
  const meta = doc.ydoc.getMap<unknown>(PAD.meta);

  shapes.observeDeep((events, transaction) => {
    if (transaction.origin === SERVER_ORIGIN) return;
    const fixes: [Y.Map<unknown>, string, string][] = [];
    for (const event of events) {
      const changed =
        event.target === shapes
          ? [...event.keys.keys()].map((key) => shapes.get(key)).filter((v): v is Y.Map<unknown> => v instanceof Y.Map)
          : event.target instanceof Y.Map && event.target.parent === shapes
            ? [event.target as Y.Map<unknown>]
            : [];
      for (const shape of changed) {
        for (const field of TEXT_FIELDS) {
          const value = shape.get(field);
          if (typeof value !== 'string') continue;
          const clean = cleanLabel(value, MAX_LABEL_LENGTH);
          if (clean !== value) fixes.push([shape, field, clean]);
        }
      }
    }
    if (fixes.length > 0) doc.ydoc.transact(() => fixes.forEach(([shape, field, clean]) => shape.set(field, clean)), SERVER_ORIGIN);
  });

  meta.observe((event, transaction) => {
    if (transaction.origin === SERVER_ORIGIN || !event.keysChanged.has('language')) return;
    const language = meta.get('language');
    if (language !== undefined && !(LANGUAGES as readonly unknown[]).includes(language)) {
      doc.ydoc.transact(() => meta.delete('language'), SERVER_ORIGIN);
    }
  });
}
