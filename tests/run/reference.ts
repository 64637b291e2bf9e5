/** Reference solutions of the built-in coding problems, to check their test cases against. */

export const JS_SOLUTIONS: Record<string, string> = {
  'coding-merge-bookings': `
function mergeBookings(bookings) {
  const sorted = [...bookings].sort((a, b) => a[0] - b[0]);
  const out = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}`,
  'coding-lru-cache': `
class LRUCache {
  constructor(capacity) { this.capacity = capacity; this.map = new Map(); }
  get(key) {
    if (!this.map.has(key)) return -1;
    const v = this.map.get(key); this.map.delete(key); this.map.set(key, v); return v;
  }
  put(key, value) {
    this.map.delete(key); this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value);
  }
}`,
  'coding-token-bucket': `
class TokenBucket {
  constructor(capacity, refillPerSecond) { this.capacity = capacity; this.rate = refillPerSecond; this.tokens = capacity; this.last = null; }
  allow(nowMs) {
    if (this.last !== null) this.tokens = Math.min(this.capacity, this.tokens + ((nowMs - this.last) / 1000) * this.rate);
    this.last = nowMs;
    if (this.tokens >= 1) { this.tokens -= 1; return true; }
    return false;
  }
}`,
  'coding-top-endpoints': `
function topEndpoints(lines, k) {
  const counts = new Map();
  for (const line of lines) {
    const f = line.split(' ');
    if (f.length !== 5 || !/^\\d{3}$/.test(f[3])) continue;
    const key = f[1] + ' ' + f[2].split('?')[0];
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, k).map(([e]) => e);
}`,
  'coding-valid-brackets': `
function isBalanced(text) {
  const pairs = { ')': '(', ']': '[', '}': '{' };
  const stack = [];
  for (const c of text) {
    if ('([{'.includes(c)) stack.push(c);
    else if (c in pairs && stack.pop() !== pairs[c]) return false;
  }
  return stack.length === 0;
}`,
  'coding-group-anagrams': `
function groupAnagrams(words) {
  const groups = new Map();
  for (const w of words) {
    const key = [...w].sort().join('');
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(w);
  }
  return [...groups.values()];
}`,
  'coding-service-startup-order': `
function startupOrder(services, dependencies) {
  const needs = new Map(services.map((s) => [s, new Set()]));
  for (const [s, d] of dependencies) needs.get(s).add(d);
  const order = [];
  const started = new Set();
  while (order.length < services.length) {
    const ready = services.filter((s) => !started.has(s) && [...needs.get(s)].every((d) => started.has(d))).sort();
    if (ready.length === 0) return [];
    order.push(ready[0]); started.add(ready[0]);
  }
  return order;
}`,
  'coding-merge-event-streams': `
function mergePage(streams, after, limit) {
  return streams.flat().filter((t) => t > after).sort((a, b) => a - b).slice(0, limit);
}`,
};

export const PY_SOLUTIONS: Record<string, string> = {
  'coding-merge-bookings': `
def merge_bookings(bookings):
    out = []
    for s, e in sorted(bookings):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return out
`,
  'coding-lru-cache': `
from collections import OrderedDict
class LRUCache:
    def __init__(self, capacity):
        self.capacity = capacity
        self.d = OrderedDict()
    def get(self, key):
        if key not in self.d:
            return -1
        self.d.move_to_end(key)
        return self.d[key]
    def put(self, key, value):
        self.d[key] = value
        self.d.move_to_end(key)
        if len(self.d) > self.capacity:
            self.d.popitem(last=False)
`,
  'coding-token-bucket': `
class TokenBucket:
    def __init__(self, capacity, refill_per_second):
        self.capacity = capacity
        self.rate = refill_per_second
        self.tokens = capacity
        self.last = None
    def allow(self, now_ms):
        if self.last is not None:
            self.tokens = min(self.capacity, self.tokens + (now_ms - self.last) / 1000 * self.rate)
        self.last = now_ms
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False
`,
  'coding-top-endpoints': `
import re
def top_endpoints(lines, k):
    counts = {}
    for line in lines:
        f = line.split(' ')
        if len(f) != 5 or not re.fullmatch(r'\\d{3}', f[3]):
            continue
        key = f[1] + ' ' + f[2].split('?')[0]
        counts[key] = counts.get(key, 0) + 1
    return [e for e, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:k]]
`,
  'coding-valid-brackets': `
def is_balanced(text):
    pairs = {')': '(', ']': '[', '}': '{'}
    stack = []
    for c in text:
        if c in '([{':
            stack.append(c)
        elif c in pairs:
            if not stack or stack.pop() != pairs[c]:
                return False
    return not stack
`,
  'coding-group-anagrams': `
def group_anagrams(words):
    groups = {}
    for w in words:
        groups.setdefault(''.join(sorted(w)), []).append(w)
    return list(groups.values())
`,
  'coding-service-startup-order': `
def startup_order(services, dependencies):
    needs = {s: set() for s in services}
    for s, d in dependencies:
        needs[s].add(d)
    order, started = [], set()
    while len(order) < len(services):
        ready = sorted(s for s in services if s not in started and needs[s] <= started)
        if not ready:
            return []
        order.append(ready[0])
        started.add(ready[0])
    return order
`,
  'coding-merge-event-streams': `
def merge_page(streams, after, limit):
    return sorted(t for s in streams for t in s if t > after)[:limit]
`,
};

/** Plausible wrong answers (no max of the ends; only round brackets closed): each fails a hidden case. */
export const JS_WRONG: Record<string, string> = {
  'coding-merge-bookings': JS_SOLUTIONS['coding-merge-bookings']!.replace('Math.max(last[1], e)', 'e'),
  'coding-valid-brackets': JS_SOLUTIONS['coding-valid-brackets']!.replace(`{ ')': '(', ']': '[', '}': '{' }`, `{ ')': '(' }`),
};
export const PY_WRONG: Record<string, string> = {
  'coding-merge-bookings': PY_SOLUTIONS['coding-merge-bookings']!.replace('max(out[-1][1], e)', 'e'),
  'coding-valid-brackets': PY_SOLUTIONS['coding-valid-brackets']!.replace(`{')': '(', ']': '[', '}': '{'}`, `{')': '('}`),
};
