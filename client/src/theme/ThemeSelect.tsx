/** The theme choice (system, light, dark), kept per person in this browser. */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { loadTheme, saveTheme, THEME_CHOICES, type ThemeChoice } from './theme.js';

const LABELS: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };

export function ThemeSelect(): JSX.Element {
  const [choice, setChoice] = useState(loadTheme);
  return (
    <label class="theme-select small">
      Theme{' '}
      <select
        value={choice}
        onChange={(e) => {
          const next = e.currentTarget.value as ThemeChoice;
          setChoice(next);
          saveTheme(next);
        }}
      >
        {THEME_CHOICES.map((c) => (
          <option key={c} value={c}>
            {LABELS[c]}
          </option>
        ))}
      </select>
    </label>
  );
}
