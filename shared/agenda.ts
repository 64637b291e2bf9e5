/** Interview agendas: an ordered list of phases, each with its planned minutes. */
export const PHASE_KINDS = ['intro', 'coding', 'system-design', 'behavioral', 'questions', 'swap', 'other'] as const;
export type PhaseKind = (typeof PHASE_KINDS)[number];

export interface Phase {
  name: string;
  minutes: number;
  kind: PhaseKind;
}

export type Agenda = Phase[];

/** Bounds on an agenda a client may send: generous for real interviews, small enough to store. */
export const AGENDA_LIMITS = { maxPhases: 20, maxMinutes: 240, maxNameLength: 60 } as const;

/** The default: a 60-minute technical round. */
export const DEFAULT_AGENDA: Agenda = [
  { name: 'Intro', minutes: 5, kind: 'intro' },
  { name: 'Coding', minutes: 25, kind: 'coding' },
  { name: 'System design', minutes: 20, kind: 'system-design' },
  { name: 'Behavioral (STAR)', minutes: 5, kind: 'behavioral' },
  { name: 'Candidate questions', minutes: 5, kind: 'questions' },
];

export function agendaMinutes(agenda: Agenda): number {
  return agenda.reduce((sum, phase) => sum + phase.minutes, 0);
}
