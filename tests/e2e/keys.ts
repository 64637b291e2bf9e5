/**
 * Keyboard-only driving for browser tests: focus moves only by Tab (and Shift+Tab), and every stop
 * the focus makes is checked for a visible focus indicator. No mouse call anywhere.
 */
import type { Page } from 'playwright-core';

export interface FocusStop {
  /** What a person hears for the element: its aria-label, its label, or its text. */
  name: string;
  tag: string;
  /** The element matches `:focus-visible` and it (or the frame around it) draws an outline. */
  visible: boolean;
}

/** The focused element's name and whether its focus can be seen; runs in the page. */
function readFocus(): FocusStop {
  const el = document.activeElement as HTMLElement | null;
  if (!el || el === document.body) return { name: '', tag: 'body', visible: true };
  // A label's own words, without the text of the control inside it (a select's options).
  const label = (el as HTMLInputElement).labels?.[0]?.cloneNode(true) as HTMLElement | undefined;
  label?.querySelectorAll('select, input, textarea').forEach((c) => c.remove());
  const labelled = label?.textContent;
  const name = (el.getAttribute('aria-label') ?? labelled ?? el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 100);
  const drawn = (node: Element | null): boolean => {
    if (!node) return false;
    const style = getComputedStyle(node);
    return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
  };
  // CodeMirror draws its focus ring on the editor around the content; a file input inside a label, on the label.
  const frame = el.closest('.cm-editor') ?? (el.parentElement?.matches(':focus-within') ? el.parentElement : null);
  return { name, tag: el.tagName.toLowerCase(), visible: el.matches(':focus-visible') && (drawn(el) || drawn(frame)) };
}

export class Keyboard {
  /** Every stop without a visible focus indicator, as "tag name". */
  readonly invisible: string[] = [];

  constructor(readonly page: Page) {}

  async focused(): Promise<FocusStop> {
    return this.page.evaluate(readFocus);
  }

  /**
   * Presses Tab (Shift+Tab backwards) until the focused element's name matches; throws after `max`
   * stops. In a code editor, where Tab indents, it first presses Escape: the pad's documented way out.
   */
  async tabTo(name: RegExp, options: { back?: boolean; max?: number } = {}): Promise<FocusStop> {
    const seen: string[] = [];
    for (let i = 0; i < (options.max ?? 250); i++) {
      if (await this.page.evaluate(() => document.activeElement?.closest('.cm-editor') != null)) await this.page.keyboard.press('Escape');
      await this.page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
      const stop = await this.focused();
      if (stop.tag !== 'body' && !stop.visible) this.invisible.push(`${stop.tag} ${stop.name}`);
      if (name.test(stop.name)) return stop;
      seen.push(stop.name || stop.tag);
    }
    throw new Error(`Tab never reached ${name}; stops: ${seen.slice(-40).join(' | ')}`);
  }

  async press(...keys: string[]): Promise<void> {
    for (const key of keys) await this.page.keyboard.press(key);
  }

  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text);
  }
}
