// Must show 8: the README quick start, run as a new user would — in a fresh copy of the project,
// `npm install && npm start`, then `curl -X POST localhost:<port>/api/rooms` returns a room with
// three invite links, and the data lands in ./data. (node_modules is hard-linked from this
// checkout so `npm install` checks rather than recompiles; everything else is the new user's.)
import { execFile, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './helpers/server.js';

const run = promisify(execFile);
let cleanup: (() => void) | undefined;
afterAll(() => cleanup?.());

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

describe('README quick start', () => {
  it('documents the two commands first', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const firstScreen = readme.split('\n').slice(0, 40).join('\n');
    expect(firstScreen).toContain('npm install && npm start');
    expect(firstScreen).toContain('npm test');
    expect(readme).toContain('curl -X POST localhost:3000/api/rooms');
  });

  it('npm install && npm start serves the API; curl creates a room with three invite links', async () => {
    const dir = tempDir('duet-quickstart-');
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: ROOT })
      .toString()
      .split('\0')
      .filter((f) => f && fs.existsSync(path.join(ROOT, f)) && !f.startsWith('data/'));
    for (const file of files) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
    }
    execFileSync('cp', ['-al', path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules')]);
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'dist-server'))).toBe(false);

    await run('npm', ['install', '--no-audit', '--no-fund'], { cwd: dir, timeout: 240_000 });
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' };
    delete env['DUET_JWT_SECRET'];
    delete env['DUET_DATA_DIR'];
    const start = spawn('npm', ['start'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    cleanup = () => {
      try {
        process.kill(-start.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    let output = '';
    start.stdout.on('data', (c: Buffer) => (output += c.toString()));
    start.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const deadline = Date.now() + 90_000;
    while (!output.includes('"msg":"listening"')) {
      if (Date.now() > deadline || start.exitCode !== null) throw new Error(`npm start did not come up:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }

    const { stdout } = await run('curl', ['-s', '-X', 'POST', `localhost:${port}/api/rooms`]);
    const created = JSON.parse(stdout) as { room: { id: string; status: string }; invites: Record<string, { url: string }> };
    expect(created.room.id).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(created.room.status).toBe('open');
    expect(Object.keys(created.invites).sort()).toEqual(['candidate', 'interviewer', 'observer']);
    for (const invite of Object.values(created.invites)) expect(invite.url).toMatch(new RegExp(`^http://localhost:${port}/join/`));
    // The web client was built by `npm start` and is served.
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    // …and so was the server bundle it runs.
    expect(fs.existsSync(path.join(dir, 'dist-server', 'main.mjs'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'data', 'duet.sqlite'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'data', 'jwt-secret'))).toBe(true);

    process.kill(-start.pid!, 'SIGTERM');
    await new Promise((resolve) => start.once('exit', resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  }, 240_000);
});
