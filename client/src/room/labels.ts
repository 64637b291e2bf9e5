import type { Role } from '../../../shared/roles.js';

export const ROLE_LABELS: Record<Role, string> = {
  interviewer: 'Interviewer',
  candidate: 'Candidate',
  observer: 'Observer',
};

/** How the invite of each role is offered to the interviewer who created the room. */
export const INVITE_LABELS: Record<Role, string> = {
  candidate: 'Candidate',
  observer: 'Observer',
  interviewer: 'Co-interviewer',
};
