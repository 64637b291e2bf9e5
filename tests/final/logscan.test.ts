// Runs after the whole suite (scripts/test.mjs, phase "final"): scans every log line every test
// server wrote — in-process and child processes — for tokens and invite codes.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOG_DIR, SECRETS_DIR } from '../helpers/server.js';

const read = (dir: string) =>
  fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n') : '';

describe('logs of the whole suite', () => {
  const logs = read(LOG_DIR);
  const secrets = [...new Set(read(SECRETS_DIR).split('\n').filter(Boolean))];

  it('were written, by many servers, with the secrets handed out recorded', () => {
    expect(logs.split('\n').length).toBeGreaterThan(300);
    // Child-process servers (restarts, kill -9, the quick start) logged here too…
    expect(logs.match(/"msg":"listening"/g)?.length ?? 0).toBeGreaterThan(20);
    // …and invite pages were requested, so redaction had something to do.
    expect(logs).toContain('"path":"/join/:invite"');
    expect(secrets.length).toBeGreaterThan(100);
  });

  it('hold no token and no invite code, whole or in part', () => {
    expect(logs).not.toMatch(/eyJ[\w-]{8,}\.eyJ[\w-]{8,}/);
    const lines = logs.split('\n');
    for (const secret of secrets) {
      const signature = secret.split('.')[2] ?? secret;
      const hit = lines.find((line) => line.includes(signature));
      expect(hit, 'a log line contains a token signature').toBeUndefined();
    }
  });
});
