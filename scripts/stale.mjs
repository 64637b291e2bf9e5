// Whether a build output is missing or older than any of its sources: `npm start` and `npm test`
// rebuild the web client and the server bundle only then.
import fs from 'node:fs';
import path from 'node:path';

function newestMtime(entry) {
  let stat;
  try {
    stat = fs.statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

/** `output` is a file; `sources` are files or folders under `root`. */
export function isStale(root, output, sources) {
  const built = newestMtime(output);
  if (built === 0) return true;
  return sources.some((source) => newestMtime(path.join(root, source)) > built);
}
