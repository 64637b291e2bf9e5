/**
 * Light or dark: follows the system unless the person chose one; the choice is theirs, kept in
 * this browser (localStorage). `data-theme` on <html> says which one is shown, for theme.css.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';
export const THEME_CHOICES: ThemeChoice[] = ['system', 'light', 'dark'];

const KEY = 'duet:theme';
const DARK = '(prefers-color-scheme: dark)';

export function loadTheme(): ThemeChoice {
  try {
    const stored = localStorage.getItem(KEY);
    return stored === 'light' || stored === 'dark' ? stored : 'system';
  } catch {
    return 'system';
  }
}

function apply(choice: ThemeChoice): void {
  const dark = choice === 'dark' || (choice === 'system' && matchMedia(DARK).matches);
  document.documentElement.dataset['theme'] = dark ? 'dark' : 'light';
  document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
}

export function saveTheme(choice: ThemeChoice): void {
  try {
    if (choice === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  } catch {
    // Storage disabled: the choice lasts for this page.
  }
  apply(choice);
}

/** At start: show the chosen theme, and follow the system's when it changes while on 'system'. */
export function startTheme(): void {
  apply(loadTheme());
  matchMedia(DARK).addEventListener('change', () => apply(loadTheme()));
}
