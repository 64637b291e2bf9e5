/** Built-in behavioral questions, to be answered with STAR (Situation, Task, Action, Result). */
import type { Question } from '../../../shared/questions.js';
import { paragraphs, rubric } from './helpers.js';

const STAR_PROMPT = 'Please describe one specific situation: the context, what you needed to achieve, what you did, and how it turned out.';

export const BEHAVIORAL_QUESTIONS: Question[] = [
  {
    id: 'behavioral-hard-technical-problem',
    kind: 'behavioral',
    source: 'builtin',
    title: 'A hard technical problem',
    difficulty: 'medium',
    tags: ['star', 'problem-solving', 'ownership'],
    statement: paragraphs('Tell me about a challenging technical problem you solved. What made it hard?', STAR_PROMPT),
    guidance: {
      goodAnswer: [
        'Sets up a concrete situation and explains why the problem was genuinely hard (unclear cause, scale, production pressure, unfamiliar technology).',
        'Makes the candidate\'s own role clear, using "I" for their actions rather than only "we".',
        'Describes a methodical approach: forming hypotheses, gathering evidence (logs, metrics, profiling, reproductions), ruling causes out and changing course when needed.',
        'Reports a measurable or verifiable result, such as latency halved or the incident never recurring.',
        'Reflects on what they learned or changed afterwards, such as monitoring, tests or documentation.',
      ],
      followUps: [
        'What did you try that did not work?',
        'If the same problem appeared tomorrow, what would you do differently?',
        'How did you explain the problem and the fix to people who were not engineers?',
      ],
      hints: [
        'Ask for one specific occasion if the answer stays general.',
        'If the technical core is unclear, ask them to draw the system on the whiteboard.',
      ],
      rubric: rubric(
        'No concrete example, or a trivial problem; the candidate\'s own contribution is unclear.',
        'A real example, but the approach is vague or the result is missing or unmeasured.',
        'Clear STAR story with a genuinely hard problem, a methodical approach and a concrete result.',
        'Compelling, specific story with technical depth, evidence-driven reasoning, a measurable result and lessons that changed how they or the team work.',
      ),
    },
  },
  {
    id: 'behavioral-conflict',
    kind: 'behavioral',
    source: 'builtin',
    title: 'Conflict with a teammate',
    difficulty: 'medium',
    tags: ['star', 'teamwork', 'conflict-resolution', 'communication'],
    statement: paragraphs('Describe a time you disagreed or had a conflict with a member of your team. How did you handle it?', STAR_PROMPT),
    guidance: {
      goodAnswer: [
        'Describes a real disagreement with stakes (design choice, priorities, code review, ways of working) without caricaturing the other person.',
        'Shows that they sought to understand the other person\'s view and constraints before pushing their own.',
        'Moves the discussion to shared goals and evidence, such as data, a prototype, or a written comparison of options.',
        'Explains how it was resolved, including escalation if it was needed, and that they committed to the decision even if it was not theirs.',
        'Describes the outcome for the work and for the working relationship afterwards.',
      ],
      followUps: [
        'Looking back, was the other person right about anything?',
        'What would you have done if you could not reach agreement?',
        'How did you work with that person afterwards?',
      ],
      hints: [
        'If the candidate says they never have conflicts, ask about a technical disagreement in a code review or a design discussion.',
      ],
      rubric: rubric(
        'Avoids the question, blames the other person entirely, or describes handling it badly without reflection.',
        'A real conflict, but the resolution happened to them or relied solely on a manager deciding.',
        'Clear story showing empathy, constructive discussion and a good outcome for the work.',
        'Mature, specific story: understood the other side, used evidence, resolved it constructively, strengthened the relationship and reflects honestly on their own part.',
      ),
    },
  },
  {
    id: 'behavioral-criticism',
    kind: 'behavioral',
    source: 'builtin',
    title: 'Handling criticism',
    difficulty: 'easy',
    tags: ['star', 'feedback', 'growth'],
    statement: paragraphs('Tell me about a time you received critical feedback on your work. How did you respond, and what changed afterwards?', STAR_PROMPT),
    guidance: {
      goodAnswer: [
        'Gives a real piece of critical feedback that mattered, not a disguised strength ("I work too hard").',
        'Describes their first reaction honestly and how they moved from defensiveness to understanding.',
        'Shows concrete action: asked clarifying questions, made a plan, changed a habit or a piece of work.',
        'Describes a visible result and how they checked that the change worked, such as follow-up feedback.',
      ],
      followUps: [
        'Was there feedback you disagreed with? What did you do with it?',
        'How do you ask for feedback now?',
        'How do you give critical feedback to others?',
      ],
      hints: [
        'Ask what exactly was said and by whom, if the feedback stays abstract.',
      ],
      rubric: rubric(
        'Cannot name real criticism, or dismisses feedback as wrong.',
        'A real example, but the response was passive or nothing visibly changed.',
        'Clear example with an open response, concrete changes and a result.',
        'Honest, self-aware story with lasting change, and a habit of seeking feedback that they can describe.',
      ),
    },
  },
  {
    id: 'behavioral-failure',
    kind: 'behavioral',
    source: 'builtin',
    title: 'A failure',
    difficulty: 'medium',
    tags: ['star', 'ownership', 'learning', 'incidents'],
    statement: paragraphs('Tell me about a time something you were responsible for failed: a production incident, a missed goal, or a project that did not work out. What happened, and what did you learn?', STAR_PROMPT),
    guidance: {
      goodAnswer: [
        'Owns a real failure with consequences, rather than one caused entirely by others.',
        'Explains what they did in the moment to limit the damage and to keep people informed.',
        'Identifies root causes beyond the immediate trigger, in a blameless way.',
        'Describes concrete follow-up actions, such as tests, alerts, process or design changes, and whether they worked.',
        'States what they personally do differently since then.',
      ],
      followUps: [
        'When did you first notice something was wrong, and could you have noticed earlier?',
        'How did you communicate the failure to your manager or your users?',
        'Has anything similar happened since?',
      ],
      hints: [
        'If the story is about someone else\'s mistake, ask what the candidate could have done differently.',
      ],
      rubric: rubric(
        'No real failure, or blames others and shows no learning.',
        'A real failure, but the analysis is shallow and the lessons are generic.',
        'Owns the failure, describes mitigation, root cause and concrete follow-up.',
        'Candid, specific story with calm handling under pressure, systemic fixes and visible lasting change in their own practice.',
      ),
    },
  },
  {
    id: 'behavioral-deadline',
    kind: 'behavioral',
    source: 'builtin',
    title: 'A tight deadline',
    difficulty: 'medium',
    tags: ['star', 'prioritisation', 'delivery', 'communication'],
    statement: paragraphs('Describe a time you had to deliver something under a tight deadline. How did you decide what to do and what to leave out?', STAR_PROMPT),
    guidance: {
      goodAnswer: [
        'Explains why the deadline was fixed and what was at stake.',
        'Shows deliberate prioritisation: split the work, identified the essential scope, and cut or postponed the rest.',
        'Communicated early with stakeholders about risks, trade-offs and any change in scope.',
        'Protected quality where it mattered (tests for critical paths, a rollback plan) and recorded the shortcuts taken.',
        'Reports the outcome and how the technical debt or follow-up work was handled afterwards.',
      ],
      followUps: [
        'What did you cut, and who agreed to it?',
        'Did you work overtime? Would you do that again?',
        'What happened to the shortcuts after the deadline?',
      ],
      hints: [
        'Ask what exactly was left out, if the answer suggests everything was delivered as planned.',
      ],
      rubric: rubric(
        'Only "worked harder" or "stayed late", with no prioritisation or communication.',
        'Some prioritisation, but decisions were made alone or stakeholders were told late.',
        'Clear scope decisions, early communication and a delivered result.',
        'Thoughtful trade-offs agreed with stakeholders, quality protected where it mattered, debt followed up, and reflection on preventing the crunch next time.',
      ),
    },
  },
  {
    id: 'behavioral-influence',
    kind: 'behavioral',
    source: 'builtin',
    title: 'Influencing without authority',
    difficulty: 'hard',
    tags: ['star', 'influence', 'leadership', 'communication'],
    statement: paragraphs('Tell me about a time you convinced other people, over whom you had no authority, to change direction or adopt an idea of yours.', STAR_PROMPT),
    guidance: {
      goodAnswer: [
        'Describes an idea with real impact and people who had good reasons to say no.',
        'Understood the audience\'s goals and concerns and framed the idea in their terms.',
        'Built the case with evidence: data, a prototype, a small experiment, or a written proposal.',
        'Found allies, invited criticism and adjusted the idea based on it.',
        'Reports the outcome, including partial success, and what they learned about persuading people.',
      ],
      followUps: [
        'Who was the hardest person to convince, and why?',
        'What would you have done if the answer had stayed no?',
        'Tell me about a time you were the one who was persuaded.',
      ],
      hints: [
        'Ask how the other people benefited, if the story only describes the candidate\'s own goals.',
      ],
      rubric: rubric(
        'No example, or "convinced" people by going over their heads or by insisting.',
        'A real example, but persuasion relied on repetition or seniority rather than understanding and evidence.',
        'Clear story using evidence and the audience\'s goals, with a good outcome.',
        'Sophisticated story: tailored the case to each stakeholder, built a coalition, incorporated objections and reflects on what made it work.',
      ),
    },
  },
];
