/**
 * Small helpers that keep the built-in question data readable. Server-only: the built-in bank
 * carries interviewer guidance and must never be imported by the web client.
 */
import type { RubricLevel } from '../../../shared/questions.js';

/** Joins plain-text paragraphs with blank lines, as `QuestionPublic.statement` expects. */
export function paragraphs(...parts: string[]): string {
  return parts.map((p) => p.trim()).join('\n\n');
}

/**
 * Removes the common leading indentation of a template literal so starter code can be written
 * indented inside the data, and ends it with exactly one newline.
 */
export function code(text: string): string {
  const lines = text.replace(/^\n/, '').replace(/\s+$/, '').split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length);
  const indent = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(indent).trimEnd()).join('\n') + '\n';
}

/** A four-level rubric, from 1 (weak) to 4 (strong). */
export function rubric(weak: string, mixed: string, solid: string, strong: string): RubricLevel[] {
  return [
    { score: 1, description: weak },
    { score: 2, description: mixed },
    { score: 3, description: solid },
    { score: 4, description: strong },
  ];
}
