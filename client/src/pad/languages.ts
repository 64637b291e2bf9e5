/**
 * Language support loaded on demand: each grammar is its own chunk, so the room page only ships
 * the languages someone actually picks.
 */
import type { Extension } from '@codemirror/state';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../../../shared/schema.js';

const loaders: Record<Language, () => Promise<Extension>> = {
  javascript: () => import('@codemirror/lang-javascript').then((m) => m.javascript()),
  typescript: () => import('@codemirror/lang-javascript').then((m) => m.javascript({ typescript: true })),
  python: () => import('@codemirror/lang-python').then((m) => m.python()),
  java: () => import('@codemirror/lang-java').then((m) => m.java()),
  cpp: () => import('@codemirror/lang-cpp').then((m) => m.cpp()),
  go: () => import('@codemirror/lang-go').then((m) => m.go()),
  sql: () => import('@codemirror/lang-sql').then((m) => m.sql()),
  plaintext: () => Promise.resolve([]),
};

const cache = new Map<Language, Promise<Extension>>();

export function loadLanguage(language: Language): Promise<Extension> {
  let pending = cache.get(language);
  if (!pending) {
    pending = loaders[language]();
    // A failed chunk load (offline) may be retried later.
    pending.catch(() => cache.delete(language));
    cache.set(language, pending);
  }
  return pending;
}

export function asLanguage(value: unknown): Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value) ? (value as Language) : DEFAULT_LANGUAGE;
}
