// Where the browser tests (and the benchmark's browser scenarios) find Chromium, in this order:
// `CHROMIUM_PATH`; a system Chromium on PATH (Debian's `chromium`, which `.ci/run` installs);
// else the binary shipped inside the `@sparticuz/chromium` devDependency, which extracts itself
// to a temp dir on first use. Never a download at test time: a machine with only Node and the
// project's node_modules runs every browser test.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

function onPath(name) {
  try {
    const found = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    return found && existsSync(found) ? found : null;
  } catch {
    return null;
  }
}

let cached = null;

/** Resolves with the path of a Chromium executable and where it came from. */
export function findChromium() {
  cached ??= (async () => {
    const fromEnv = process.env['CHROMIUM_PATH'];
    if (fromEnv) {
      if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
      return { executablePath: fromEnv, source: 'CHROMIUM_PATH' };
    }
    for (const name of SYSTEM_NAMES) {
      const found = onPath(name);
      if (found) return { executablePath: found, source: 'system' };
    }
    const { default: packaged } = await import('@sparticuz/chromium');
    return { executablePath: await packaged.executablePath(), source: '@sparticuz/chromium' };
  })();
  return cached;
}
