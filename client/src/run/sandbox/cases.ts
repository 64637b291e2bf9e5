/**
 * Test-case evaluation shared by the sandbox worker and the tests that check the built-in cases
 * against reference solutions. A case's `call` is code whose last line is an expression; its value
 * is compared with `expected` (JSON) as canonical JSON (object keys sorted).
 */

/** Canonical JSON: keys sorted, so `{"a":1,"b":2}` equals `{"b":2,"a":1}`; `undefined` stays visible. */
export function canonJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return Object.fromEntries(entries);
    }
    return v;
  });
}

/** The expected value in the same canonical form (a case with invalid JSON never passes). */
export function canonExpected(expected: string): string {
  try {
    return canonJson(JSON.parse(expected));
  } catch {
    return `invalid expected value: ${expected}`;
  }
}

/** Body of an async function that runs the candidate's code, then the case, and returns its value. */
export function jsCaseSource(code: string, call: string): string {
  const lines = call.trimEnd().split('\n');
  const last = lines.pop() ?? 'undefined';
  return `${code}\n;return await (async () => {\n${lines.join('\n')}\nreturn (${last.replace(/;\s*$/, '')});\n})();`;
}

/**
 * Python side: `__duet_case(code, call, expected)` runs the candidate's code in a fresh namespace,
 * then the case (its last line evaluated), and returns `[passed, got, expected]` as canonical JSON
 * (`sort_keys`, compact), matching `canonJson` for plain data.
 */
export const PY_CASE_HARNESS = `
def __duet_case(code, call, expected):
    import ast, json
    g = {"__name__": "__main__"}
    exec(compile(code, "<pad>", "exec"), g)
    tree = ast.parse(call)
    last = tree.body.pop()
    exec(compile(tree, "<case>", "exec"), g)
    value = eval(compile(ast.Expression(last.value), "<case>", "eval"), g)
    canon = lambda v: json.dumps(v, sort_keys=True, separators=(",", ":"))
    try:
        got = canon(value)
    except TypeError:
        got = repr(value)
    want = canon(json.loads(expected))
    return [got == want, got, want]
`;
