import { LANGUAGES, LANGUAGE_LABELS } from '../../../shared/schema.js';

/** The pad's languages as the options of a `<select>`, named as people read them. */
export function LanguageOptions() {
  return (
    <>
      {LANGUAGES.map((l) => (
        <option key={l} value={l}>
          {LANGUAGE_LABELS[l]}
        </option>
      ))}
    </>
  );
}
