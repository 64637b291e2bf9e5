/**
 * User text (names, labels, titles) is normalised the same way everywhere: NFC, control and
 * bidirectional-override characters removed (they can make a name render as someone else's or
 * hide text), whitespace collapsed, length bounded. It is always rendered as text, never as HTML.
 */

// C0/C1 controls, bidi embeddings/overrides/isolates, zero-width and BOM characters.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

export function cleanText(input: string, maxLength: number): string {
  const cleaned = input.normalize('NFC').replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim();
  // Cut by code points so a surrogate pair is never split.
  return Array.from(cleaned).slice(0, maxLength).join('');
}

/**
 * Whiteboard labels and sticky notes: like `cleanText`, but line breaks are kept (a sticky note
 * may have several lines) and only runs of spaces are collapsed.
 */
export function cleanLabel(input: string, maxLength: number): string {
  const lines = input.normalize('NFC').replace(/\r\n?/g, '\n').split('\n');
  const cleaned = lines.map((line) => line.replace(UNSAFE, ' ').replace(/[^\S\n]+/g, ' ').trim()).join('\n').trim();
  return Array.from(cleaned).slice(0, maxLength).join('');
}

export const NAME_MAX_LENGTH = 60;
export const TITLE_MAX_LENGTH = 120;
