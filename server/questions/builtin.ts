/**
 * The built-in question bank: coding problems, system design prompts, backend concept questions
 * and behavioral questions, each with interviewer-only guidance. Server-only — never import this
 * from the web client, since the guidance must not reach a candidate's or observer's connection.
 */
import type { Question } from '../../shared/questions.js';
import { BEHAVIORAL_QUESTIONS } from './builtin/behavioral.js';
import { CODING_QUESTIONS } from './builtin/coding.js';
import { CONCEPT_QUESTIONS } from './builtin/concepts.js';
import { SYSTEM_DESIGN_QUESTIONS } from './builtin/systemDesign.js';

export { BEHAVIORAL_QUESTIONS, CODING_QUESTIONS, CONCEPT_QUESTIONS, SYSTEM_DESIGN_QUESTIONS };

export const BUILTIN_QUESTIONS: Question[] = [
  ...CODING_QUESTIONS,
  ...SYSTEM_DESIGN_QUESTIONS,
  ...CONCEPT_QUESTIONS,
  ...BEHAVIORAL_QUESTIONS,
];
