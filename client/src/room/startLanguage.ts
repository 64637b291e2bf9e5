/**
 * The pad language chosen on the create page. The room is created first; its creator's browser
 * then sets the language once the pad has synced — and only if nobody has set one yet, so a
 * reload or a second tab never overrides a later choice.
 */
import type * as Y from 'yjs';
import { isLanguage, type Language } from '../../../shared/schema.js';

const key = (roomId: string) => `duet:start-language:${roomId}`;

export function rememberStartLanguage(roomId: string, language: Language): void {
  try {
    localStorage.setItem(key(roomId), language);
  } catch {
    // Storage disabled: the pad starts in the default language.
  }
}

/** Called when the pad has synced; `meta` is the pad's meta map. */
export function applyStartLanguage(roomId: string, meta: Y.Map<unknown>): void {
  let language: string | null = null;
  try {
    language = localStorage.getItem(key(roomId));
    localStorage.removeItem(key(roomId));
  } catch {
    return;
  }
  if (isLanguage(language) && meta.get('language') === undefined) meta.set('language', language);
}
