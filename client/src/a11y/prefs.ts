/**
 * Display preferences each person keeps for themself, in this browser (localStorage), never shared
 * with the room: the code pad's text size. Every editor on the page follows a change at once.
 */

/** Sizes offered, in CSS pixels; the default matches the pad's design. */
export const PAD_FONT_SIZES = [12, 14, 16, 18, 20, 24] as const;
export const DEFAULT_PAD_FONT_SIZE = 14;
export const PAD_FONT_SIZE_KEY = 'duet.pad.fontSize';

/** A stored value as a size we offer; anything else (tampered, from an older version) is the default. */
export function parsePadFontSize(value: string | null): number {
  const n = Number(value);
  return (PAD_FONT_SIZES as readonly number[]).includes(n) ? n : DEFAULT_PAD_FONT_SIZE;
}

type Listener = (size: number) => void;
const listeners = new Set<Listener>();

function storage(): Storage | null {
  try {
    return localStorage;
  } catch {
    return null; // storage refused (private mode, sandboxed frame): the default, for this page only
  }
}

export function readPadFontSize(): number {
  return parsePadFontSize(storage()?.getItem(PAD_FONT_SIZE_KEY) ?? null);
}

export function writePadFontSize(size: number): void {
  const value = parsePadFontSize(String(size));
  try {
    storage()?.setItem(PAD_FONT_SIZE_KEY, String(value));
  } catch {
    // Full or refused: the choice still applies to this page.
  }
  for (const listener of listeners) listener(value);
}

export function onPadFontSize(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
