/** Built-in coding problems. Written for Duet; backend-flavoured where the problem allows it. */
import type { Question } from '../../../shared/questions.js';
import { code, paragraphs, rubric } from './helpers.js';
import { withTestCases } from './testCases.js';

const QUESTIONS: Question[] = [
  {
    id: 'coding-merge-bookings',
    kind: 'coding',
    source: 'builtin',
    title: 'Merge room bookings',
    difficulty: 'easy',
    tags: ['arrays', 'sorting', 'intervals'],
    statement: paragraphs(
      'A meeting-room booking service stores each booking as a pair [start, end] of minutes since midnight, with start < end. A booking occupies the room from start up to, but not including, end.',
      'Write mergeBookings(bookings) that returns the periods in which the room is busy: overlapping bookings become a single period, and so do bookings that touch (one ends exactly when the next starts), because the room has no free moment between them. Return the periods sorted by start.',
      'The bookings are not sorted and the list may be empty.',
    ),
    starterCode: {
      javascript: code(`
        /**
         * @param {number[][]} bookings pairs [start, end]
         * @returns {number[][]} busy periods sorted by start
         */
        function mergeBookings(bookings) {
          // Your code here
        }
      `),
      typescript: code(`
        function mergeBookings(bookings: [number, number][]): [number, number][] {
          // Your code here
        }
      `),
      python: code(`
        def merge_bookings(bookings: list[list[int]]) -> list[list[int]]:
            # Your code here
            pass
      `),
      java: code(`
        class Solution {
            public int[][] mergeBookings(int[][] bookings) {
                // Your code here
            }
        }
      `),
      go: code(`
        func MergeBookings(bookings [][2]int) [][2]int {
        	// Your code here
        }
      `),
      cpp: code(`
        #include <vector>

        std::vector<std::pair<int, int>> mergeBookings(std::vector<std::pair<int, int>> bookings) {
            // Your code here
        }
      `),
    },
    examples: [
      {
        input: 'bookings = [[60, 90], [30, 45], [80, 120]]',
        output: '[[30, 45], [60, 120]]',
        explanation: '[60, 90] and [80, 120] overlap, so the room is busy from 60 to 120.',
      },
      {
        input: 'bookings = [[540, 600], [600, 630]]',
        output: '[[540, 630]]',
        explanation: 'The second booking starts when the first ends, so there is no free gap.',
      },
      { input: 'bookings = []', output: '[]' },
    ],
    guidance: {
      goodAnswer: [
        'Sorts the bookings by start time, then makes one pass that either extends the last merged period or opens a new one.',
        'Extends with the maximum of the two end times, so a booking contained in another (for example [10, 100] and [20, 30]) does not shrink the period.',
        'Treats touching bookings as merged, as the statement requires (start <= current end, not start < current end).',
        'States the cost: O(n log n) time for the sort and O(n) extra space for the result.',
        'Handles the empty list and a single booking, and does not silently reorder the caller\'s array (or says that it does).',
      ],
      followUps: [
        'How would you list the free slots of at least 30 minutes between 09:00 and 17:00?',
        'Bookings now arrive one at a time while people read the calendar. How would you keep the merged periods up to date without re-sorting everything?',
        'Given the bookings for one day across all rooms, how many rooms are needed at the busiest moment?',
      ],
      hints: [
        'What becomes easier if you look at the bookings in order of their start time?',
        'When deciding whether to merge, compare against the end of the period you are building, not against the previous booking.',
      ],
      rubric: rubric(
        'No working approach, or compares every pair of bookings without producing correct merged periods.',
        'Sorts and merges, but gets contained or touching bookings wrong, or cannot state the complexity.',
        'Correct sort-and-sweep solution with the right complexity; edge cases mostly handled after a prompt.',
        'Correct, clean solution reached quickly, edge cases tested unprompted, and a sensible approach to the free-slot or incremental follow-up.',
      ),
    },
  },
  {
    id: 'coding-lru-cache',
    kind: 'coding',
    source: 'builtin',
    title: 'LRU cache',
    difficulty: 'medium',
    tags: ['hash-map', 'linked-list', 'design', 'caching'],
    statement: paragraphs(
      'A service keeps recently used records in memory. Implement a cache with a fixed capacity that, when it is full, evicts the entry that was used least recently.',
      'LRUCache(capacity) creates an empty cache holding at most capacity entries (capacity >= 1). get(key) returns the value stored for key, or -1 if it is absent; a successful get counts as a use. put(key, value) stores the value, replacing any previous value for that key, and counts as a use; if a new key would make the cache exceed its capacity, the least recently used entry is removed first.',
      'Both get and put should run in O(1) average time. Keys and values are integers.',
    ),
    starterCode: {
      javascript: code(`
        class LRUCache {
          /** @param {number} capacity */
          constructor(capacity) {
            // Your code here
          }

          /** @param {number} key @returns {number} */
          get(key) {
            // Your code here
          }

          /** @param {number} key @param {number} value */
          put(key, value) {
            // Your code here
          }
        }
      `),
      typescript: code(`
        class LRUCache {
          constructor(capacity: number) {
            // Your code here
          }

          get(key: number): number {
            // Your code here
          }

          put(key: number, value: number): void {
            // Your code here
          }
        }
      `),
      python: code(`
        class LRUCache:
            def __init__(self, capacity: int) -> None:
                # Your code here
                pass

            def get(self, key: int) -> int:
                # Your code here
                pass

            def put(self, key: int, value: int) -> None:
                # Your code here
                pass
      `),
      java: code(`
        class LRUCache {
            public LRUCache(int capacity) {
                // Your code here
            }

            public int get(int key) {
                // Your code here
            }

            public void put(int key, int value) {
                // Your code here
            }
        }
      `),
      go: code(`
        type LRUCache struct {
        	// Your fields here
        }

        func NewLRUCache(capacity int) *LRUCache {
        	// Your code here
        }

        func (c *LRUCache) Get(key int) int {
        	// Your code here
        }

        func (c *LRUCache) Put(key, value int) {
        	// Your code here
        }
      `),
      cpp: code(`
        class LRUCache {
        public:
            LRUCache(int capacity) {
                // Your code here
            }

            int get(int key) {
                // Your code here
            }

            void put(int key, int value) {
                // Your code here
            }
        };
      `),
    },
    examples: [
      {
        input: 'capacity = 2; put(1, 10), put(2, 20), get(1), put(3, 30), get(2), get(3)',
        output: '[null, null, 10, null, -1, 30]',
        explanation: 'get(1) makes key 1 the most recently used, so put(3, 30) evicts key 2.',
      },
      {
        input: 'capacity = 1; put(1, 1), put(1, 5), get(1)',
        output: '[null, null, 5]',
        explanation: 'Updating an existing key replaces its value and evicts nothing.',
      },
    ],
    guidance: {
      goodAnswer: [
        'Combines a hash map from key to node with a doubly linked list ordered by recency, giving O(1) lookup, move-to-front and eviction from the tail.',
        'Moves the entry to the most-recent end on every successful get and on every put, including updates of an existing key.',
        'Evicts only when inserting a new key into a full cache, and removes the evicted key from the map as well as from the list.',
        'Uses sentinel head and tail nodes (or equivalent care) so that removing the first or last node needs no special cases.',
        'If the candidate uses a built-in ordered map (JavaScript Map, Java LinkedHashMap, Python OrderedDict), they can explain how it keeps order and why its operations are O(1).',
      ],
      followUps: [
        'Many request threads share this cache. How do you make it safe, and what does a single global lock cost you?',
        'Entries must also expire after a time-to-live. What changes?',
        'The service now runs on ten instances. What goes wrong with a per-instance cache, and what would you use instead?',
        'When would least-frequently-used eviction serve a workload better than least-recently-used?',
      ],
      hints: [
        'Which structure finds a key in O(1), and which lets you unlink an element from the middle in O(1)?',
        'Keep the most recently used entry at one end of a list and evict from the other end.',
      ],
      rubric: rubric(
        'Only an O(n) approach (for example scanning a list or timestamps for the oldest entry), or an incorrect eviction order.',
        'Identifies the map plus linked list idea but the implementation has pointer bugs or forgets to refresh recency on get or update.',
        'Working O(1) implementation with correct eviction; minor issues fixed with little help.',
        'Clean O(1) implementation with sentinels or an explained built-in, walks through the examples unprompted and reasons well about concurrency or TTL.',
      ),
    },
  },
  {
    id: 'coding-token-bucket',
    kind: 'coding',
    source: 'builtin',
    title: 'Token bucket rate limiter',
    difficulty: 'medium',
    tags: ['rate-limiting', 'design', 'math'],
    statement: paragraphs(
      'An API gateway limits each client with a token bucket. The bucket holds at most capacity tokens and starts full. Tokens are added continuously at refillPerSecond tokens per second, and the bucket never holds more than capacity. Fractions of tokens accumulate.',
      'Each request costs one token. If at least one whole token is available, the request is allowed and one token is removed; otherwise the request is rejected and no token is removed.',
      'Implement TokenBucket(capacity, refillPerSecond) with a method allow(nowMs) that returns whether a request arriving at time nowMs (milliseconds) is allowed. The time is passed in so the class is easy to test; successive calls never go back in time.',
    ),
    starterCode: {
      javascript: code(`
        class TokenBucket {
          /** @param {number} capacity @param {number} refillPerSecond */
          constructor(capacity, refillPerSecond) {
            // Your code here
          }

          /** @param {number} nowMs @returns {boolean} */
          allow(nowMs) {
            // Your code here
          }
        }
      `),
      typescript: code(`
        class TokenBucket {
          constructor(capacity: number, refillPerSecond: number) {
            // Your code here
          }

          allow(nowMs: number): boolean {
            // Your code here
          }
        }
      `),
      python: code(`
        class TokenBucket:
            def __init__(self, capacity: int, refill_per_second: float) -> None:
                # Your code here
                pass

            def allow(self, now_ms: int) -> bool:
                # Your code here
                pass
      `),
      java: code(`
        class TokenBucket {
            public TokenBucket(int capacity, double refillPerSecond) {
                // Your code here
            }

            public boolean allow(long nowMs) {
                // Your code here
            }
        }
      `),
      go: code(`
        type TokenBucket struct {
        	// Your fields here
        }

        func NewTokenBucket(capacity int, refillPerSecond float64) *TokenBucket {
        	// Your code here
        }

        func (b *TokenBucket) Allow(nowMs int64) bool {
        	// Your code here
        }
      `),
      cpp: code(`
        class TokenBucket {
        public:
            TokenBucket(int capacity, double refillPerSecond) {
                // Your code here
            }

            bool allow(long long nowMs) {
                // Your code here
            }
        };
      `),
    },
    examples: [
      {
        input: 'capacity = 2, refillPerSecond = 1; allow(0), allow(0), allow(0), allow(500), allow(1000)',
        output: '[true, true, false, false, true]',
        explanation: 'The two starting tokens are spent at time 0. By 500 ms only half a token has accrued; by 1000 ms a whole one has.',
      },
      {
        input: 'capacity = 3, refillPerSecond = 0.5; allow(0), allow(0), allow(0), allow(1000), allow(2000)',
        output: '[true, true, true, false, true]',
      },
      {
        input: 'capacity = 5, refillPerSecond = 1; allow(0), allow(60000)',
        output: '[true, true]',
        explanation: 'A minute without requests refills the bucket, but only up to its capacity of 5.',
      },
    ],
    guidance: {
      goodAnswer: [
        'Stores the current token count and the time of the last refill, and refills lazily inside allow() from the elapsed time rather than with a background timer.',
        'Computes tokens = min(capacity, tokens + elapsedMs / 1000 * refillPerSecond) and updates the last refill time on every call.',
        'Allows only when tokens >= 1 and then subtracts exactly one; a rejected request leaves the count unchanged.',
        'Keeps fractional tokens (a floating-point count, or integer milli-tokens to avoid rounding drift) and explains the choice.',
        'Notes O(1) time and memory per bucket and walks through at least one example by hand.',
      ],
      followUps: [
        'The gateway has a million clients. How do you store their buckets and clean up the ones that have gone quiet?',
        'The gateway runs on twenty instances. How do you share a client\'s limit between them, and what does it cost in latency?',
        'How would you tell a rejected client when to retry?',
        'Some endpoints should cost five tokens instead of one. What changes, and can a large request starve forever?',
      ],
      hints: [
        'You do not need a timer that adds tokens; work out how many tokens accrued since the previous call.',
        'Keep the token count as a number that can hold fractions, and cap it at the capacity.',
      ],
      rubric: rubric(
        'No correct model of refill, for example a fixed counter that resets every second, or tokens that exceed the capacity.',
        'Lazy refill idea present but with bugs: drops fractional tokens, forgets the cap, or does not update the last refill time.',
        'Correct lazy-refill implementation that passes the examples, with a reasonable answer to one follow-up.',
        'Correct and clean, precision discussed, and strong answers on sharing limits across instances or signalling retry times.',
      ),
    },
  },
  {
    id: 'coding-top-endpoints',
    kind: 'coding',
    source: 'builtin',
    title: 'Top endpoints from access logs',
    difficulty: 'medium',
    tags: ['parsing', 'hash-map', 'heap', 'logs'],
    statement: paragraphs(
      'A web server writes one access-log line per request, with five fields separated by single spaces: timestamp, HTTP method, path, status code and duration. For example: 2026-03-01T10:00:00Z GET /api/orders?page=2 200 41ms',
      'An endpoint is the method and the path without its query string, joined by a space, such as "GET /api/orders". A line is malformed if it does not have exactly five fields or its status is not a three-digit number; skip malformed lines.',
      'Write topEndpoints(lines, k) that returns the k endpoints with the most requests, most requests first. Break ties by endpoint name in alphabetical order. If there are fewer than k endpoints, return all of them.',
    ),
    starterCode: {
      javascript: code(`
        /**
         * @param {string[]} lines access-log lines
         * @param {number} k
         * @returns {string[]} endpoints such as "GET /api/orders"
         */
        function topEndpoints(lines, k) {
          // Your code here
        }
      `),
      typescript: code(`
        function topEndpoints(lines: string[], k: number): string[] {
          // Your code here
        }
      `),
      python: code(`
        def top_endpoints(lines: list[str], k: int) -> list[str]:
            # Your code here
            pass
      `),
      java: code(`
        import java.util.List;

        class Solution {
            public List<String> topEndpoints(List<String> lines, int k) {
                // Your code here
            }
        }
      `),
      go: code(`
        func TopEndpoints(lines []string, k int) []string {
        	// Your code here
        }
      `),
      cpp: code(`
        #include <string>
        #include <vector>

        std::vector<std::string> topEndpoints(const std::vector<std::string>& lines, int k) {
            // Your code here
        }
      `),
    },
    examples: [
      {
        input: [
          'lines = [',
          '  "2026-03-01T10:00:00Z GET /api/orders 200 35ms",',
          '  "2026-03-01T10:00:01Z GET /api/orders?page=2 200 41ms",',
          '  "2026-03-01T10:00:02Z POST /api/orders 201 88ms",',
          '  "2026-03-01T10:00:03Z GET /api/users/7 404 3ms"',
          '], k = 2',
        ].join('\n'),
        output: '["GET /api/orders", "GET /api/users/7"]',
        explanation: 'GET /api/orders has two requests. POST /api/orders and GET /api/users/7 have one each; "GET /api/users/7" sorts first.',
      },
      {
        input: 'lines = ["garbage", "2026-03-01T10:00:00Z GET /health 200 1ms"], k = 3',
        output: '["GET /health"]',
        explanation: 'The malformed line is skipped and only one endpoint remains.',
      },
    ],
    guidance: {
      goodAnswer: [
        'Separates parsing from counting: a small function turns a line into an endpoint or nothing, validating the field count and the status and stripping the query string.',
        'Counts requests per endpoint in a hash map in a single pass over the lines.',
        'Selects the top k either by sorting the distinct endpoints (O(m log m)) or with a size-k min-heap (O(m log k)), and can explain when the heap is worth it.',
        'Implements the tie-break correctly: higher count first, then alphabetical endpoint.',
        'Mentions that for large files the lines should be streamed, so memory grows with the number of distinct endpoints rather than the file size.',
      ],
      followUps: [
        'Paths like /api/users/7 and /api/users/8 should count as one endpoint. How would you normalise them?',
        'The logs come from fifty servers and total 500 GB a day. How would you compute the same answer?',
        'Besides the count, report the 95th-percentile duration per endpoint. What do you need to keep?',
        'There are so many distinct endpoints that the counts do not fit in memory. What approximate techniques exist?',
      ],
      hints: [
        'Write the line-to-endpoint function first and test it on the malformed example.',
        'You only need k results. Do you have to sort everything?',
      ],
      rubric: rubric(
        'Cannot parse the lines reliably or count per endpoint; no working result.',
        'Counts correctly but misses requirements such as the query string, malformed lines or the tie-break.',
        'Correct, readable solution meeting all stated requirements, with the complexity stated.',
        'Correct and well structured, compares sorting with a heap, and gives convincing answers on normalising paths or scaling to many servers.',
      ),
    },
  },
  {
    id: 'coding-valid-brackets',
    kind: 'coding',
    source: 'builtin',
    title: 'Balanced brackets in a template',
    difficulty: 'easy',
    tags: ['stack', 'strings', 'validation'],
    statement: paragraphs(
      'A templating service refuses to render a configuration template whose brackets are unbalanced. Given a string, return true if every opening bracket (, [ and { is closed by the matching closing bracket, in the correct order, and no closing bracket appears without a matching opening one. Return false otherwise.',
      'All characters other than the six brackets are ignored. An empty string is balanced.',
    ),
    starterCode: {
      javascript: code(`
        /**
         * @param {string} text
         * @returns {boolean}
         */
        function isBalanced(text) {
          // Your code here
        }
      `),
      typescript: code(`
        function isBalanced(text: string): boolean {
          // Your code here
        }
      `),
      python: code(`
        def is_balanced(text: str) -> bool:
            # Your code here
            pass
      `),
      java: code(`
        class Solution {
            public boolean isBalanced(String text) {
                // Your code here
            }
        }
      `),
      go: code(`
        func IsBalanced(text string) bool {
        	// Your code here
        }
      `),
      cpp: code(`
        #include <string>

        bool isBalanced(const std::string& text) {
            // Your code here
        }
      `),
    },
    examples: [
      {
        input: 'text = "{retry: [1, 2, (3)], name: <x>}"',
        output: 'true',
        explanation: 'Only the six bracket characters matter; angle brackets and other characters are ignored.',
      },
      {
        input: 'text = "([)]"',
        output: 'false',
        explanation: 'Each kind of bracket appears in an opening and closing pair, but ) closes while [ is still open.',
      },
      { input: 'text = "(("', output: 'false', explanation: 'The brackets are never closed.' },
    ],
    guidance: {
      goodAnswer: [
        'Uses a stack: pushes opening brackets and, for each closing bracket, checks that the top of the stack is the matching opener.',
        'Returns false when a closing bracket arrives while the stack is empty.',
        'Returns true only if the stack is empty at the end.',
        'Explains why separate counters per bracket type are not enough, with an example such as ([)].',
        'States O(n) time and O(n) space in the worst case.',
      ],
      followUps: [
        'Brackets inside quoted strings must now be ignored, and quotes can be escaped with a backslash. What changes?',
        'Instead of true or false, report the position of the first error. Which position would you report for an unclosed bracket?',
        'If there were only one kind of bracket, could you use O(1) extra space?',
      ],
      hints: [
        'When you meet a closing bracket, which opening bracket does it have to match?',
        'What should the result be if the text ends while brackets are still open?',
      ],
      rubric: rubric(
        'No working approach, or only counts brackets and accepts ([)].',
        'Uses a stack but misses a case: a closing bracket on an empty stack or leftovers at the end.',
        'Correct stack solution covering all examples, complexity stated.',
        'Correct and concise, edge cases tested unprompted, and a clear plan for quoted strings or error positions.',
      ),
    },
  },
  {
    id: 'coding-group-anagrams',
    kind: 'coding',
    source: 'builtin',
    title: 'Group anagrams for a search index',
    difficulty: 'easy',
    tags: ['hash-map', 'strings', 'sorting'],
    statement: paragraphs(
      'A word-game backend builds a lookup of words that use exactly the same letters. Given a list of lowercase words, group together the words that are anagrams of each other.',
      'Return the groups in the order in which each group\'s first word appears in the input, and keep the words inside a group in input order. A repeated word appears in its group as many times as it appears in the input.',
    ),
    starterCode: {
      javascript: code(`
        /**
         * @param {string[]} words
         * @returns {string[][]}
         */
        function groupAnagrams(words) {
          // Your code here
        }
      `),
      typescript: code(`
        function groupAnagrams(words: string[]): string[][] {
          // Your code here
        }
      `),
      python: code(`
        def group_anagrams(words: list[str]) -> list[list[str]]:
            # Your code here
            pass
      `),
      java: code(`
        import java.util.List;

        class Solution {
            public List<List<String>> groupAnagrams(String[] words) {
                // Your code here
            }
        }
      `),
      go: code(`
        func GroupAnagrams(words []string) [][]string {
        	// Your code here
        }
      `),
      cpp: code(`
        #include <string>
        #include <vector>

        std::vector<std::vector<std::string>> groupAnagrams(const std::vector<std::string>& words) {
            // Your code here
        }
      `),
    },
    examples: [
      {
        input: 'words = ["stop", "pots", "opt", "tops", "top", "post"]',
        output: '[["stop", "pots", "tops", "post"], ["opt", "top"]]',
      },
      { input: 'words = ["abc"]', output: '[["abc"]]' },
      { input: 'words = []', output: '[]' },
    ],
    guidance: {
      goodAnswer: [
        'Derives a canonical key that is identical for all anagrams: the sorted letters, or a count of each of the 26 letters.',
        'Groups words in a hash map from key to list, keeping the order of first appearance (an insertion-ordered map or a separate list of keys).',
        'States the complexity: O(n * L log L) with sorted keys, or O(n * L) with letter counts, where L is the word length.',
        'If using letter counts as a key, serialises them unambiguously (for example with a separator), since concatenated counts like 1 and 12 can collide.',
      ],
      followUps: [
        'Words can now contain uppercase letters and accents. What should count as the same letter, and how does your key change?',
        'The dictionary has a billion words. How would you compute the groups across several machines?',
        'Users type a word and want its anagrams instantly. What would you precompute and store?',
      ],
      hints: [
        'What could you compute from a word that is the same for every rearrangement of its letters?',
      ],
      rubric: rubric(
        'Compares every pair of words, or cannot produce the groups.',
        'Finds the key idea but the output order is wrong or the key is ambiguous.',
        'Correct hash-map solution in the required order with the complexity stated.',
        'Correct and clean, compares sorted keys with count keys and handles the scaling or Unicode follow-up well.',
      ),
    },
  },
  {
    id: 'coding-service-startup-order',
    kind: 'coding',
    source: 'builtin',
    title: 'Service startup order',
    difficulty: 'medium',
    tags: ['graphs', 'topological-sort', 'dependencies'],
    statement: paragraphs(
      'A deploy tool must start services so that each service starts only after every service it depends on is running. You get the list of service names and a list of dependencies, each a pair [service, dependsOn] meaning that service needs dependsOn to be running first. Every name in a dependency appears in the list of services.',
      'Write startupOrder(services, dependencies) that returns an order in which all services can be started. When several services could start next, pick the one whose name comes first alphabetically, so that the answer is unique.',
      'If the dependencies make it impossible to start every service, return an empty list.',
    ),
    starterCode: {
      javascript: code(`
        /**
         * @param {string[]} services
         * @param {string[][]} dependencies pairs [service, dependsOn]
         * @returns {string[]}
         */
        function startupOrder(services, dependencies) {
          // Your code here
        }
      `),
      typescript: code(`
        function startupOrder(services: string[], dependencies: [string, string][]): string[] {
          // Your code here
        }
      `),
      python: code(`
        def startup_order(services: list[str], dependencies: list[list[str]]) -> list[str]:
            # Your code here
            pass
      `),
      java: code(`
        import java.util.List;

        class Solution {
            public List<String> startupOrder(String[] services, String[][] dependencies) {
                // Your code here
            }
        }
      `),
      go: code(`
        func StartupOrder(services []string, dependencies [][2]string) []string {
        	// Your code here
        }
      `),
      cpp: code(`
        #include <string>
        #include <utility>
        #include <vector>

        std::vector<std::string> startupOrder(const std::vector<std::string>& services,
                                              const std::vector<std::pair<std::string, std::string>>& dependencies) {
            // Your code here
        }
      `),
    },
    examples: [
      {
        input: 'services = ["api", "auth", "db", "queue", "worker"], dependencies = [["api", "auth"], ["api", "db"], ["auth", "db"], ["worker", "queue"], ["worker", "db"]]',
        output: '["db", "auth", "api", "queue", "worker"]',
        explanation: 'db and queue can start first; db comes first alphabetically. After db, auth can start and sorts before queue, and so on.',
      },
      {
        input: 'services = ["a", "b", "c"], dependencies = [["a", "b"], ["b", "c"], ["c", "a"]]',
        output: '[]',
        explanation: 'a waits for b, b waits for c and c waits for a, so none of them can ever start.',
      },
      { input: 'services = ["cache", "billing"], dependencies = []', output: '["billing", "cache"]' },
    ],
    guidance: {
      goodAnswer: [
        'Models the services as a directed graph with an edge from dependsOn to service, and recognises the task as a topological sort.',
        'Uses Kahn\'s algorithm: counts unmet dependencies per service, starts with those at zero, and decrements the counts of dependants as each service starts.',
        'Uses a min-heap (or sorted set) for the ready services to honour the alphabetical rule, giving O((V + E) log V).',
        'Detects a cycle when fewer services were output than exist, and returns the empty list.',
        'Alternatively uses depth-first search with three states (unvisited, in progress, done) to find cycles, and can explain why the alphabetical rule is harder to honour that way.',
      ],
      followUps: [
        'Instead of an empty list, report the services that form the cycle. How?',
        'Services with no dependency between them can start in parallel, and each takes a known time to start. What is the shortest total startup time?',
        'The same dependency is listed twice. Does your solution still work?',
        'In what order would you stop the services?',
      ],
      hints: [
        'Which services can start right away?',
        'Keep track of how many unmet dependencies each service has. What happens to those numbers when a service starts?',
      ],
      rubric: rubric(
        'Does not find a systematic approach; tries orderings by hand or loops without termination on a cycle.',
        'Recognises topological sorting but the implementation misses the cycle case or the alphabetical rule.',
        'Correct Kahn or DFS solution with cycle detection and tie-breaking, complexity stated.',
        'Correct and clean, explains both approaches and their trade-offs, and answers the parallel-startup or cycle-report follow-up well.',
      ),
    },
  },
  {
    id: 'coding-merge-event-streams',
    kind: 'coding',
    source: 'builtin',
    title: 'Page through merged event streams',
    difficulty: 'hard',
    tags: ['heap', 'merge', 'pagination', 'binary-search'],
    statement: paragraphs(
      'An activity service stores events on several shards. Each shard returns its event timestamps (integer milliseconds) sorted in ascending order. The activity feed shows the events of all shards merged in ascending order, one page at a time.',
      'Write mergePage(streams, after, limit) that returns at most limit timestamps, taken from all streams merged in ascending order, that are strictly greater than after. The first page is requested with after = -1. Equal timestamps from different shards are all returned.',
      'Streams can be long and there can be many of them, so aim for a solution whose cost depends mainly on limit and the number of streams rather than on the total number of events.',
    ),
    starterCode: {
      javascript: code(`
        /**
         * @param {number[][]} streams each sorted ascending
         * @param {number} after cursor: return only timestamps greater than this
         * @param {number} limit maximum page size
         * @returns {number[]}
         */
        function mergePage(streams, after, limit) {
          // Your code here
        }
      `),
      typescript: code(`
        function mergePage(streams: number[][], after: number, limit: number): number[] {
          // Your code here
        }
      `),
      python: code(`
        def merge_page(streams: list[list[int]], after: int, limit: int) -> list[int]:
            # Your code here
            pass
      `),
      java: code(`
        import java.util.List;

        class Solution {
            public List<Long> mergePage(long[][] streams, long after, int limit) {
                // Your code here
            }
        }
      `),
      go: code(`
        func MergePage(streams [][]int64, after int64, limit int) []int64 {
        	// Your code here
        }
      `),
      cpp: code(`
        #include <vector>

        std::vector<long long> mergePage(const std::vector<std::vector<long long>>& streams, long long after, int limit) {
            // Your code here
        }
      `),
    },
    examples: [
      { input: 'streams = [[1, 4, 9], [2, 3, 10], [5]], after = -1, limit = 4', output: '[1, 2, 3, 4]' },
      {
        input: 'streams = [[1, 4, 9], [2, 3, 10], [5]], after = 4, limit = 4',
        output: '[5, 9, 10]',
        explanation: 'Only three events are later than the cursor 4.',
      },
      { input: 'streams = [[], [7, 7]], after = 0, limit = 5', output: '[7, 7]' },
    ],
    guidance: {
      goodAnswer: [
        'Positions each stream at its first element greater than after with a binary search, costing O(k log n) for k streams instead of a linear skip.',
        'Merges with a min-heap holding one entry per stream (value, stream index, position), popping the smallest and pushing that stream\'s next element, for O(limit log k).',
        'Stops after limit elements or when every stream is exhausted, and handles empty streams.',
        'Explains why concatenating and sorting everything (O(N log N)) does not meet the requirement.',
        'Notices or discusses that a timestamp-only cursor can skip events when a page ends in the middle of equal timestamps, and proposes a composite cursor such as (timestamp, shard, position).',
      ],
      followUps: [
        'A page ends in the middle of three events with the same timestamp. What goes wrong with the next page, and how do you fix the cursor?',
        'Each shard is a remote service with its own paged API. How many events do you need to ask each shard for to build one page, and why is that enough?',
        'The feed must show newest events first. What changes?',
        'There are ten thousand shards. Does the heap still make sense, and what would you do differently?',
      ],
      hints: [
        'At any moment, which stream holds the next event of the merged order?',
        'The streams are sorted, so you do not need to walk past the old events one by one.',
      ],
      rubric: rubric(
        'Only concatenates and sorts, or cannot produce a correct merge.',
        'Correct pairwise or linear-scan merge that is slower than required; heap idea only with heavy prompting.',
        'Heap-based merge with correct cursor handling and complexity; binary-search positioning after a hint.',
        'Heap merge plus binary-search positioning unprompted, and identifies the duplicate-timestamp cursor problem or reasons well about remote shards.',
      ),
    },
  },
];

/** With their test cases (visible ones public, hidden ones in the guidance). */
export const CODING_QUESTIONS: Question[] = withTestCases(QUESTIONS);
