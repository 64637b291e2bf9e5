// The access policy as a table: for every action, in every kind of room state, what each of the
// three people of that room gets — allowed ('ok') or refused with a code. Interview rooms have an
// interviewer, a candidate and an observer; peer rooms seat A (created as the interviewer), seat B
// (created as the candidate) and an observer. Each row is written out by hand from README.md.
import { describe, expect, it } from 'vitest';
import { allowed, decide, docAccess, roleIn, sameAccess, type Action, type DocAccess, type PolicyRoom, type RefusalCode, type Subject } from '../../shared/policy.js';
import { DOC_NAMES } from '../../shared/roles.js';

type Outcome = 'ok' | RefusalCode;
type Row = [Outcome, Outcome, Outcome];

const interview: PolicyRoom = { mode: 'interview', status: 'open', observersSeeNotes: false, peer: null };
const peer: PolicyRoom = { mode: 'peer', status: 'open', observersSeeNotes: false, peer: { interviewerSeat: 'a', swaps: 0, lastSwapAt: null, sharedFeedback: [] } };
const ended = (room: PolicyRoom): PolicyRoom => ({ ...room, status: 'ended' });
const seeNotes = (room: PolicyRoom): PolicyRoom => ({ ...room, observersSeeNotes: true });
const swapped: PolicyRoom = { ...peer, peer: { ...peer.peer!, interviewerSeat: 'b', swaps: 1 } };
const sharedByB = (room: PolicyRoom): PolicyRoom => ({ ...room, peer: { ...room.peer!, sharedFeedback: ['b'] } });

const ROOMS = {
  interview,
  'interview, observers see notes': seeNotes(interview),
  'interview, ended': ended(interview),
  'interview, ended, observers see notes': ended(seeNotes(interview)),
  peer,
  'peer, swapped': swapped,
  'peer, observers see notes': seeNotes(peer),
  'peer, ended': ended(peer),
  'peer, ended, B shared': sharedByB(ended(peer)),
  'peer, swapped, ended, B shared': sharedByB(ended(swapped)),
} satisfies Record<string, PolicyRoom>;
type RoomName = keyof typeof ROOMS;

const INTERVIEW_PEOPLE: Subject[] = [
  { role: 'interviewer', seat: null },
  { role: 'candidate', seat: null },
  { role: 'observer', seat: null },
];
const PEER_PEOPLE: Subject[] = [
  { role: 'interviewer', seat: 'a' },
  { role: 'candidate', seat: 'b' },
  { role: 'observer', seat: null },
];
const peopleOf = (room: PolicyRoom) => (room.mode === 'peer' ? PEER_PEOPLE : INTERVIEW_PEOPLE);

/** Rows not given for a room state are the same as the row of `fallback` names (e.g. settings that change nothing). */
const SAME = {
  'interview, observers see notes': 'interview',
  'interview, ended, observers see notes': 'interview, ended',
  'peer, observers see notes': 'peer',
  'peer, ended, B shared': 'peer, ended',
  'peer, swapped, ended, B shared': 'peer, ended',
} as const satisfies Partial<Record<RoomName, RoomName>>;

type Table = Partial<Record<RoomName, Row>> & Record<Exclude<RoomName, keyof typeof SAME>, Row>;

const ALL_OK: Row = ['ok', 'ok', 'ok'];
const NOBODY: Row = ['forbidden', 'forbidden', 'forbidden'];
const NOT_FOUND: Row = ['not_found', 'not_found', 'not_found'];
const INTERVIEWER_ONLY: Row = ['ok', 'forbidden', 'forbidden'];
const B_ONLY: Row = ['forbidden', 'ok', 'forbidden'];
const NOT_OBSERVERS: Row = ['ok', 'ok', 'forbidden'];
/** The same row in every state of interview rooms, of peer rooms, of both. */
const inInterviewRooms = (row: Row) => ({ interview: row, 'interview, ended': row });
const inPeerRooms = (row: Row) => ({ peer: row, 'peer, swapped': row, 'peer, ended': row });
const always = (row: Row): Table => ({ ...inInterviewRooms(row), ...inPeerRooms(row) });
/** Interviewer commands on the clock and the flow: refused 'gone' once ended, to the interviewer only. */
const RUNS_INTERVIEW: Table = {
  interview: INTERVIEWER_ONLY,
  'interview, ended': ['gone', 'forbidden', 'forbidden'],
  peer: INTERVIEWER_ONLY,
  'peer, swapped': B_ONLY,
  'peer, ended': ['gone', 'forbidden', 'forbidden'],
  'peer, swapped, ended, B shared': ['forbidden', 'gone', 'forbidden'],
};
/** Whatever the state: the interviewer of the moment. */
const INTERVIEWER_NOW: Table = {
  interview: INTERVIEWER_ONLY,
  'interview, ended': INTERVIEWER_ONLY,
  peer: INTERVIEWER_ONLY,
  'peer, swapped': B_ONLY,
  'peer, ended': INTERVIEWER_ONLY,
  'peer, swapped, ended, B shared': B_ONLY,
};
/** Interviewers; in peer rooms both seats. Never observers. */
const INTERVIEWERS_OR_PEERS: Table = {
  interview: INTERVIEWER_ONLY,
  'interview, ended': INTERVIEWER_ONLY,
  peer: ['ok', 'ok', 'forbidden'],
  'peer, swapped': ['ok', 'ok', 'forbidden'],
  'peer, ended': ['ok', 'ok', 'forbidden'],
};

const TABLE: [string, Action, Table][] = [
  ['room:read', { type: 'room:read' }, always(ALL_OK)],
  // The subject of a join is the invite: only an interviewer's link opens an ended room.
  [
    'room:join',
    { type: 'room:join', seatTaken: false },
    { interview: ALL_OK, 'interview, ended': ['ok', 'gone', 'gone'], peer: ALL_OK, 'peer, swapped': ALL_OK, 'peer, ended': ['ok', 'gone', 'gone'] },
  ],
  [
    'room:join, seat taken',
    { type: 'room:join', seatTaken: true },
    {
      interview: ['conflict', 'conflict', 'conflict'],
      'interview, ended': ['conflict', 'gone', 'gone'],
      peer: ['conflict', 'conflict', 'conflict'],
      'peer, swapped': ['conflict', 'conflict', 'conflict'],
      'peer, ended': ['conflict', 'gone', 'gone'],
    },
  ],
  ['timer:start', { type: 'timer', command: 'start' }, RUNS_INTERVIEW],
  ['timer:next', { type: 'timer', command: 'next' }, RUNS_INTERVIEW],
  ['agenda:set', { type: 'agenda:set' }, RUNS_INTERVIEW],
  ['room:settings', { type: 'room:settings' }, RUNS_INTERVIEW],
  ['question:reveal', { type: 'question:reveal' }, RUNS_INTERVIEW],
  ['question:guidance', { type: 'question:guidance' }, INTERVIEWER_NOW],
  ['invite:create', { type: 'invite:create' }, INTERVIEWER_NOW],
  ['invite:revoke', { type: 'invite:revoke' }, INTERVIEWER_NOW],
  ['questions:use', { type: 'questions:use' }, INTERVIEWER_NOW],
  // Calls: everyone in an open room may be in the call; observers receive only (unless allowed, tests/call).
  ['call:signal', { type: 'call:signal' }, { interview: ALL_OK, 'interview, ended': ['gone', 'gone', 'gone'], peer: ALL_OK, 'peer, swapped': ALL_OK, 'peer, ended': ['gone', 'gone', 'gone'] }],
  [
    'call:send-media',
    { type: 'call:send-media' },
    { interview: NOT_OBSERVERS, 'interview, ended': ['gone', 'gone', 'gone'], peer: NOT_OBSERVERS, 'peer, swapped': NOT_OBSERVERS, 'peer, ended': ['gone', 'gone', 'gone'] },
  ],
  // Either peer may end a peer room; ending an ended room is no error.
  ['room:end', { type: 'room:end' }, INTERVIEWERS_OR_PEERS],
  ['report:read', { type: 'report:read' }, INTERVIEWERS_OR_PEERS],
  // Playback: interviewers at any time; the peers only once their mock has ended.
  [
    'replay:read',
    { type: 'replay:read' },
    { interview: INTERVIEWER_ONLY, 'interview, ended': INTERVIEWER_ONLY, peer: NOBODY, 'peer, swapped': NOBODY, 'peer, ended': NOT_OBSERVERS },
  ],
  // Integrity signals come from whoever is the candidate now, while the room is open.
  [
    'integrity:report',
    { type: 'integrity:report' },
    {
      interview: ['forbidden', 'ok', 'forbidden'],
      'interview, ended': ['forbidden', 'gone', 'forbidden'],
      peer: B_ONLY,
      'peer, swapped': ['ok', 'forbidden', 'forbidden'],
      'peer, ended': ['forbidden', 'gone', 'forbidden'],
      'peer, swapped, ended, B shared': ['gone', 'forbidden', 'forbidden'],
    },
  ],
  // Whoever may end a room may erase it — once it has ended.
  [
    'room:delete',
    { type: 'room:delete' },
    {
      interview: ['conflict', 'forbidden', 'forbidden'],
      'interview, ended': INTERVIEWER_ONLY,
      peer: ['conflict', 'conflict', 'forbidden'],
      'peer, swapped': ['conflict', 'conflict', 'forbidden'],
      'peer, ended': NOT_OBSERVERS,
    },
  ],
  // The bundle holds every notes document, so never a peer room's.
  ['room:export', { type: 'room:export' }, { ...inInterviewRooms(INTERVIEWER_ONLY), ...inPeerRooms(NOBODY) }],
  [
    'room:swap',
    { type: 'room:swap' },
    {
      ...inInterviewRooms(NOBODY),
      peer: NOT_OBSERVERS,
      'peer, swapped': NOT_OBSERVERS,
      'peer, ended': ['gone', 'gone', 'forbidden'],
    },
  ],
  [
    'feedback:share',
    { type: 'feedback:share' },
    {
      ...inInterviewRooms(NOBODY),
      peer: ['conflict', 'conflict', 'forbidden'],
      'peer, swapped': ['conflict', 'conflict', 'forbidden'],
      'peer, ended': NOT_OBSERVERS,
    },
  ],
  // Documents. A name the room does not have is not_found, like an unknown room.
  ['doc:open pad', { type: 'doc:open', doc: 'pad' }, always(ALL_OK)],
  [
    'doc:write pad',
    { type: 'doc:write', doc: 'pad' },
    {
      interview: NOT_OBSERVERS,
      'interview, ended': ['gone', 'gone', 'forbidden'],
      peer: NOT_OBSERVERS,
      'peer, swapped': NOT_OBSERVERS,
      'peer, ended': ['gone', 'gone', 'forbidden'],
    },
  ],
  [
    'doc:open notes',
    { type: 'doc:open', doc: 'notes' },
    {
      interview: INTERVIEWER_ONLY,
      'interview, observers see notes': ['ok', 'forbidden', 'ok'],
      'interview, ended': INTERVIEWER_ONLY,
      'interview, ended, observers see notes': ['ok', 'forbidden', 'ok'],
      ...inPeerRooms(NOT_FOUND),
    },
  ],
  [
    'doc:write notes',
    { type: 'doc:write', doc: 'notes' },
    {
      interview: INTERVIEWER_ONLY,
      'interview, ended': ['gone', 'forbidden', 'forbidden'],
      ...inPeerRooms(NOBODY),
    },
  ],
  // Seat A's notes: A's while interviewing; back to A (read) after the end; B only when shared — by A.
  [
    'doc:open notes-a',
    { type: 'doc:open', doc: 'notes-a' },
    {
      ...inInterviewRooms(NOT_FOUND),
      peer: INTERVIEWER_ONLY,
      'peer, observers see notes': ['ok', 'forbidden', 'ok'],
      'peer, swapped': NOBODY,
      'peer, ended': INTERVIEWER_ONLY,
    },
  ],
  [
    'doc:open notes-b',
    { type: 'doc:open', doc: 'notes-b' },
    {
      ...inInterviewRooms(NOT_FOUND),
      peer: NOBODY,
      'peer, observers see notes': ['forbidden', 'forbidden', 'ok'],
      // B's own: while B interviews, and after the end; A's too once B shared them.
      'peer, swapped': B_ONLY, 'peer, ended': B_ONLY,
      'peer, ended, B shared': NOT_OBSERVERS, 'peer, swapped, ended, B shared': NOT_OBSERVERS,
    },
  ],
  [
    'doc:write notes-b',
    { type: 'doc:write', doc: 'notes-b' },
    {
      ...inInterviewRooms(NOBODY),
      peer: NOBODY,
      'peer, swapped': B_ONLY,
      // Refused 'gone' only to whoever could write it were the room open: B, if B interviewed at the end.
      'peer, ended': NOBODY,
      'peer, swapped, ended, B shared': ['forbidden', 'gone', 'forbidden'],
    },
  ],
];

const outcome = (room: PolicyRoom, who: Subject, action: Action): Outcome => {
  const decision = decide(room, who, action);
  return decision.ok ? 'ok' : decision.code;
};

describe('the access policy', () => {
  for (const [label, action, table] of TABLE) {
    it(label, () => {
      for (const name of Object.keys(ROOMS) as RoomName[]) {
        const expected = table[name] ?? table[SAME[name as keyof typeof SAME]];
        const room = ROOMS[name];
        const got = peopleOf(room).map((who) => outcome(room, who, action));
        expect({ room: name, got }).toEqual({ room: name, got: expected });
      }
    });
  }

  /** Every person of every room state in the table. */
  const everyone = Object.values(ROOMS).flatMap((room) => peopleOf(room).map((who) => [room, who] as const));

  it('gives every refusal a reason, and answers allowed() as decide() does', () => {
    for (const [room, who] of everyone) {
      for (const [, action] of TABLE) {
        const decision = decide(room, who, action);
        if (!decision.ok) expect(decision.reason.length).toBeGreaterThan(0);
        expect(allowed(room, who, action)).toBe(decision.ok);
      }
    }
  });

  it('grants a document level that agrees with opening and writing it', () => {
    for (const [room, who] of everyone) {
      const levels: DocAccess[] = DOC_NAMES.map((doc) => docAccess(room, who, doc));
      expect(DOC_NAMES.map((doc) => allowed(room, who, { type: 'doc:open', doc }))).toEqual(levels.map((l) => l !== 'none'));
      expect(DOC_NAMES.map((doc) => allowed(room, who, { type: 'doc:write', doc }))).toEqual(levels.map((l) => l === 'write'));
    }
  });

  it('works out the role now from the seat, whatever role the token names', () => {
    expect(PEER_PEOPLE.map((who) => roleIn(peer, who))).toEqual(['interviewer', 'candidate', 'observer']);
    expect(PEER_PEOPLE.map((who) => roleIn(swapped, who))).toEqual(['candidate', 'interviewer', 'observer']);
    // A role already worked out gives the same answer again (the client holds the role now).
    expect(roleIn(swapped, { role: 'candidate', seat: 'a' })).toBe('candidate');
    expect(INTERVIEW_PEOPLE.map((who) => roleIn(interview, who))).toEqual(['interviewer', 'candidate', 'observer']);
  });

  it('tells when a change of the room may change anyone’s access', () => {
    expect(sameAccess(peer, { ...peer })).toBe(true);
    expect(sameAccess(peer, swapped)).toBe(false);
    expect(sameAccess(peer, ended(peer))).toBe(false);
    expect(sameAccess(peer, seeNotes(peer))).toBe(false);
    expect(sameAccess(ended(peer), sharedByB(ended(peer)))).toBe(false);
  });
});
