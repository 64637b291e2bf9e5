/**
 * Starter code into the pad, written by the server itself (origin `SERVER_ORIGIN`): it is stored
 * and relayed like any edit, with `server` as its author.
 */
import { PAD, padLanguage, starterMarkerKey, type Language } from '../../shared/schema.js';
import type { PadWriter } from '../rooms/index.js';
import { SERVER_ORIGIN } from './document.js';
import type { DocRegistry } from './registry.js';

export function padWriter(registry: DocRegistry): PadWriter {
  return {
    async insertStarter(roomId: string, questionId: string, starter: Partial<Record<Language, string>>): Promise<Language | null> {
      const doc = await registry.acquire(roomId, 'pad');
      try {
        const meta = doc.ydoc.getMap(PAD.meta);
        const language = padLanguage(meta.get('language'));
        const code = starter[language];
        if (code === undefined) return null;
        const marker = starterMarkerKey(questionId);
        // Already in the pad: the reveal that put it there was lost in a crash before it was stored.
        if (meta.get(marker) !== undefined) return language;
        doc.ydoc.transact(() => {
          const text = doc.ydoc.getText(PAD.code);
          // Below whatever is already there, never over it.
          const prefix = text.length === 0 ? '' : text.toString().endsWith('\n') ? '\n' : '\n\n';
          text.insert(text.length, prefix + code);
          meta.set(marker, language);
        }, SERVER_ORIGIN);
        await doc.whenPersisted();
        return language;
      } finally {
        registry.release(roomId, 'pad');
      }
    },
  };
}
