// Issue 15, must show 5 (the cases themselves): every built-in coding question has at least three
// visible and three hidden test cases in JavaScript and Python; each passes against a reference
// solution, through the same evaluation the browser's runner uses (the JavaScript case source and
// canonical JSON; Python's harness run in pyodide, as in the browser); and a wrong solution fails.
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonExpected, canonJson, jsCaseSource, PY_CASE_HARNESS } from '../../client/src/run/sandbox/cases.js';
import type { TestCase } from '../../shared/run.js';
import { CODING_QUESTIONS } from '../../server/questions/builtin.js';
import { publicPart } from '../../server/rooms/flow.js';
import { JS_SOLUTIONS, JS_WRONG, PY_SOLUTIONS, PY_WRONG } from './reference.js';

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => () => Promise<unknown>;

async function jsPasses(code: string, c: TestCase): Promise<boolean> {
  try {
    return canonJson(await new AsyncFunction(jsCaseSource(code, c.call))()) === canonExpected(c.expected);
  } catch {
    return false;
  }
}

let py: PyodideAPI;
beforeAll(async () => {
  py = await loadPyodide();
  py.runPython(PY_CASE_HARNESS);
}, 60_000);

function pyPasses(code: string, c: TestCase): boolean {
  const run = (py.globals as unknown as { get(name: string): unknown }).get('__duet_case') as (code: string, call: string, expected: string) => { toJs(): [boolean, string, string]; destroy(): void };
  try {
    const result = run(code, c.call, c.expected);
    const [passed] = result.toJs();
    result.destroy();
    return passed;
  } catch {
    return false;
  }
}

describe('built-in test cases', () => {
  it('every coding question has 3+ visible and 3+ hidden cases in JavaScript and Python; hidden ones only in the guidance', () => {
    expect(CODING_QUESTIONS.length).toBeGreaterThanOrEqual(8);
    for (const q of CODING_QUESTIONS) {
      for (const language of ['javascript', 'python'] as const) {
        expect(q.tests?.[language]?.length, `${q.id} visible ${language}`).toBeGreaterThanOrEqual(3);
        expect(q.guidance.hiddenTests?.[language]?.length, `${q.id} hidden ${language}`).toBeGreaterThanOrEqual(3);
      }
      expect(publicPart(q).tests).toEqual(q.tests);
      const pub = JSON.stringify(publicPart(q));
      for (const language of ['javascript', 'python'] as const) {
        for (const hidden of q.guidance.hiddenTests![language]!) expect(pub).not.toContain(JSON.stringify(hidden.call).slice(1, -1));
      }
    }
  });

  it('every case passes against the reference solutions, in both languages', async () => {
    for (const q of CODING_QUESTIONS) {
      const all = (language: 'javascript' | 'python') => [...q.tests![language]!, ...q.guidance.hiddenTests![language]!];
      for (const c of all('javascript')) expect(await jsPasses(JS_SOLUTIONS[q.id]!, c), `${q.id} js: ${c.name}`).toBe(true);
      for (const c of all('python')) expect(pyPasses(PY_SOLUTIONS[q.id]!, c), `${q.id} py: ${c.name}`).toBe(true);
    }
  }, 60_000);

  it('a wrong solution fails, and is caught by a hidden case', async () => {
    for (const [id, wrong] of Object.entries(JS_WRONG)) {
      const q = CODING_QUESTIONS.find((x) => x.id === id)!;
      const hidden = await Promise.all(q.guidance.hiddenTests!.javascript!.map((c) => jsPasses(wrong, c)));
      expect(hidden, id).toContain(false);
    }
    for (const [id, wrong] of Object.entries(PY_WRONG)) {
      const q = CODING_QUESTIONS.find((x) => x.id === id)!;
      expect(q.guidance.hiddenTests!.python!.map((c) => pyPasses(wrong, c)), id).toContain(false);
    }
    // An empty function (the starter code) fails every case but the ones that expect nothing.
    const starter = CODING_QUESTIONS.find((x) => x.id === 'coding-valid-brackets')!;
    expect(await jsPasses(starter.starterCode!.javascript!, starter.tests!.javascript![0]!)).toBe(false);
    expect(pyPasses(starter.starterCode!.python!, starter.tests!.python![0]!)).toBe(false);
  });
});
