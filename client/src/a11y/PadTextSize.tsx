/** The pad's text-size picker and the hook every editor uses to follow it (see prefs.ts). */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { onPadFontSize, PAD_FONT_SIZES, readPadFontSize, writePadFontSize } from './prefs.js';

export function usePadFontSize(): number {
  const [size, setSize] = useState(readPadFontSize);
  useEffect(() => onPadFontSize(setSize), []);
  return size;
}

export function PadTextSize(): JSX.Element {
  const size = usePadFontSize();
  return (
    <label>
      Text size{' '}
      <select class="pad-text-size" value={String(size)} onChange={(e) => writePadFontSize(Number(e.currentTarget.value))}>
        {PAD_FONT_SIZES.map((s) => (
          <option key={s} value={String(s)}>
            {s}px
          </option>
        ))}
      </select>
    </label>
  );
}
