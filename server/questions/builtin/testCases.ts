/**
 * Test cases of the built-in coding problems, in JavaScript (TypeScript runs them too) and Python:
 * the visible ones go with the question's public part, the hidden ones with its guidance (so only
 * interviewers ever receive them). tests/run/cases.test.ts checks every case against reference
 * solutions in both languages. Server-only, like the rest of the built-in bank.
 */
import type { Question } from '../../../shared/questions.js';
import type { TestCase, TestSuite } from '../../../shared/run.js';

type Json = null | boolean | number | string | Json[];

/** A value as a Python literal (JSON but for `True`, `False` and `None`). */
function py(value: Json): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (Array.isArray(value)) return `[${value.map(py).join(', ')}]`;
  return JSON.stringify(value);
}
const js = (value: Json): string => (Array.isArray(value) ? `[${value.map(js).join(', ')}]` : JSON.stringify(value));

interface Row {
  name: string;
  /** JavaScript lines and Python lines whose last line is the value to check. */
  javascript: string;
  python: string;
  expected: Json;
}

interface Cases {
  visible: Row[];
  hidden: Row[];
}

/** A call of a function by its name in each language. */
const call = (jsName: string, pyName: string) => (name: string, args: Json[], expected: Json): Row => ({
  name,
  javascript: `${jsName}(${args.map(js).join(', ')})`,
  python: `${pyName}(${args.map(py).join(', ')})`,
  expected,
});

/** An LRU cache driven through puts and gets; the value is the list of what the gets returned. */
function lru(name: string, capacity: number, ops: ([number, number] | [number])[], expected: number[]): Row {
  const jsOps = ops.map((op) => (op.length === 2 ? `cache.put(${op[0]}, ${op[1]});` : `out.push(cache.get(${op[0]}));`));
  const pyOps = ops.map((op) => (op.length === 2 ? `cache.put(${op[0]}, ${op[1]})` : `out.append(cache.get(${op[0]}))`));
  return {
    name,
    javascript: [`const cache = new LRUCache(${capacity});`, 'const out = [];', ...jsOps, 'out'].join('\n'),
    python: [`cache = LRUCache(${capacity})`, 'out = []', ...pyOps, 'out'].join('\n'),
    expected,
  };
}

/** A token bucket asked at the given times; the value is the list of answers. */
function bucket(name: string, capacity: number, rate: number, times: number[], expected: boolean[]): Row {
  return {
    name,
    javascript: `const bucket = new TokenBucket(${capacity}, ${rate});\n${js(times)}.map((t) => bucket.allow(t))`,
    python: `bucket = TokenBucket(${capacity}, ${rate})\n[bucket.allow(t) for t in ${py(times)}]`,
    expected,
  };
}

const merge = call('mergeBookings', 'merge_bookings');
const top = call('topEndpoints', 'top_endpoints');
const balanced = call('isBalanced', 'is_balanced');
const anagrams = call('groupAnagrams', 'group_anagrams');
const startup = call('startupOrder', 'startup_order');
const page = call('mergePage', 'merge_page');
const log = (method: string, path: string, status: string) => `2026-03-01T10:00:00Z ${method} ${path} ${status} 5ms`;

export const CODING_TEST_CASES: Record<string, Cases> = {
  'coding-merge-bookings': {
    visible: [
      merge('overlapping bookings', [[[60, 90], [30, 45], [80, 120]]], [[30, 45], [60, 120]]),
      merge('touching bookings', [[[540, 600], [600, 630]]], [[540, 630]]),
      merge('no bookings', [[]], []),
    ],
    hidden: [
      merge('a booking inside another', [[[10, 100], [20, 30]]], [[10, 100]]),
      merge('one booking', [[[5, 6]]], [[5, 6]]),
      merge('unsorted, several groups', [[[50, 60], [1, 3], [2, 4], [70, 80], [60, 65]]], [[1, 4], [50, 65], [70, 80]]),
    ],
  },
  'coding-lru-cache': {
    visible: [
      lru('evicts the least recently used', 2, [[1, 1], [2, 2], [1], [3, 3], [2], [3]], [1, -1, 3]),
      lru('a missing key', 1, [[5]], [-1]),
      lru('put replaces the value', 2, [[1, 1], [1, 10], [1]], [10]),
    ],
    hidden: [
      lru('get counts as a use', 2, [[1, 1], [2, 2], [1], [3, 3], [1], [2]], [1, 1, -1]),
      lru('put counts as a use', 2, [[1, 1], [2, 2], [1, 5], [3, 3], [2], [1], [3]], [-1, 5, 3]),
      lru('capacity one', 1, [[1, 1], [2, 2], [1], [2]], [-1, 2]),
    ],
  },
  'coding-token-bucket': {
    visible: [
      bucket('spends the starting tokens', 2, 1, [0, 0, 0, 500, 1000], [true, true, false, false, true]),
      bucket('slow refill', 3, 0.5, [0, 0, 0, 1000, 2000], [true, true, true, false, true]),
      bucket('refills up to capacity', 5, 1, [0, 60000], [true, true]),
    ],
    hidden: [
      bucket('fractions accumulate', 1, 1, [0, 500, 1500], [true, false, true]),
      bucket('a rejection costs nothing', 3, 2, [0, 0, 0, 0, 250, 500], [true, true, true, false, false, true]),
      bucket('never above capacity', 2, 10, [0, 0, 10000, 10000, 10000], [true, true, true, true, false]),
    ],
  },
  'coding-top-endpoints': {
    visible: [
      top('counts and ties', [[log('GET', '/api/orders', '200'), log('GET', '/api/orders?page=2', '200'), log('POST', '/api/orders', '201'), log('GET', '/api/users/7', '404')], 2], ['GET /api/orders', 'GET /api/users/7']),
      top('skips a malformed line', [['garbage', log('GET', '/health', '200')], 3], ['GET /health']),
      top('fewer endpoints than k', [[log('GET', '/b', '200'), log('GET', '/a', '200')], 5], ['GET /a', 'GET /b']),
    ],
    hidden: [
      top('status must be three digits', [[log('GET', '/x', '20'), log('GET', '/x', '2000'), log('GET', '/y', '500'), log('GET', '/x', 'abc')], 2], ['GET /y']),
      top('five fields exactly, query dropped', [['2026-03-01T10:00:00Z GET /a 200', `${log('GET', '/a', '200')} extra`, log('GET', '/b', '200'), log('GET', '/b?x=1', '200'), log('POST', '/b', '200')], 1], ['GET /b']),
      top('ties by name, then cut at k', [[log('PUT', '/z', '200'), log('GET', '/z', '200'), log('DELETE', '/z', '200'), log('GET', '/z', '201')], 2], ['GET /z', 'DELETE /z']),
    ],
  },
  'coding-valid-brackets': {
    visible: [
      balanced('other characters ignored', ['{retry: [1, 2, (3)], name: <x>}'], true),
      balanced('crossed pairs', ['([)]'], false),
      balanced('never closed', ['(('], false),
    ],
    hidden: [
      balanced('empty text', [''], true),
      balanced('closed before opened', [')('], false),
      balanced('nested and in a row', ['a{b[c(d)e]f}g(h)[]'], true),
    ],
  },
  'coding-group-anagrams': {
    visible: [
      anagrams('two groups', [['stop', 'pots', 'opt', 'tops', 'top', 'post']], [['stop', 'pots', 'tops', 'post'], ['opt', 'top']]),
      anagrams('one word', [['abc']], [['abc']]),
      anagrams('no words', [[]], []),
    ],
    hidden: [
      anagrams('repeated words stay', [['ab', 'ba', 'ab']], [['ab', 'ba', 'ab']]),
      anagrams('groups in order of first word', [['x', 'y', 'x']], [['x', 'x'], ['y']]),
      anagrams('longer words', [['listen', 'silent', 'enlist', 'google', 'gogole', 'cat']], [['listen', 'silent', 'enlist'], ['google', 'gogole'], ['cat']]),
    ],
  },
  'coding-service-startup-order': {
    visible: [
      startup('alphabetical among ready services', [['api', 'auth', 'db', 'queue', 'worker'], [['api', 'auth'], ['api', 'db'], ['auth', 'db'], ['worker', 'queue'], ['worker', 'db']]], ['db', 'auth', 'api', 'queue', 'worker']),
      startup('a cycle', [['a', 'b', 'c'], [['a', 'b'], ['b', 'c'], ['c', 'a']]], []),
      startup('no dependencies', [['cache', 'billing'], []], ['billing', 'cache']),
    ],
    hidden: [
      startup('a chain', [['c', 'b', 'a'], [['a', 'b'], ['b', 'c']]], ['c', 'b', 'a']),
      startup('a cycle among some', [['a', 'b', 'c', 'd'], [['b', 'c'], ['c', 'b']]], []),
      startup('picks by name at each step', [['web', 'api', 'db', 'cache'], [['web', 'api'], ['api', 'db'], ['api', 'cache']]], ['cache', 'db', 'api', 'web']),
    ],
  },
  'coding-merge-event-streams': {
    visible: [
      page('first page', [[[1, 4, 9], [2, 3, 10], [5]], -1, 4], [1, 2, 3, 4]),
      page('after a cursor', [[[1, 4, 9], [2, 3, 10], [5]], 4, 4], [5, 9, 10]),
      page('equal timestamps', [[[], [7, 7]], 0, 5], [7, 7]),
    ],
    hidden: [
      page('limit zero', [[[1, 2]], -1, 0], []),
      page('duplicates after the cursor', [[[1, 1, 2], [1, 3]], 1, 10], [2, 3]),
      page('interleaved, cut at limit', [[[5, 10, 15], [6, 7, 8], [1, 20]], 6, 3], [7, 8, 10]),
    ],
  },
};

function suite(rows: Row[]): TestSuite {
  const cases = (language: 'javascript' | 'python'): TestCase[] => rows.map((r) => ({ name: r.name, call: r[language], expected: JSON.stringify(r.expected) }));
  return { javascript: cases('javascript'), python: cases('python') };
}

/** The built-in coding questions with their visible tests public and their hidden ones in the guidance. */
export function withTestCases(questions: Question[]): Question[] {
  return questions.map((q) => {
    const cases = CODING_TEST_CASES[q.id];
    if (!cases) return q;
    return { ...q, tests: suite(cases.visible), guidance: { ...q.guidance, hiddenTests: suite(cases.hidden) } };
  });
}
