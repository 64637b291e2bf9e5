/**
 * Large static files sent gzip-encoded to clients that take it (every browser): compressed once,
 * on the first request, off the event loop, and kept in memory. Made from the file being served, so
 * never out of step with it. Other requests (and files not named) fall through to `next()`.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { RequestHandler } from 'express';

const gzip = promisify(zlib.gzip);

/** Level 4: within a few percent of the default's size in well under its time (once per process). */
const LEVEL = 4;

interface Compressed {
  body: Buffer;
  etag: string;
}

export interface GzippedFiles {
  /** Serves the files (requested as `/<name>`) gzip-encoded, with `Cache-Control: max-age`. */
  handler: RequestHandler;
  /** Compresses them now, in the background, so that the first request does not wait for it. */
  warm(): void;
}

export function gzippedFiles(dir: string, names: readonly string[], maxAgeSec: number): GzippedFiles {
  const made = new Map<string, Promise<Compressed>>();
  const compressed = (name: string): Promise<Compressed> => {
    let entry = made.get(name);
    if (!entry) {
      entry = (async () => {
        const file = path.join(dir, name);
        const [raw, stat] = await Promise.all([fs.readFile(file), fs.stat(file)]);
        const body = await gzip(raw, { level: LEVEL });
        return { body, etag: `W/"gz-${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"` };
      })();
      // A failed read is retried by the next request rather than remembered.
      entry.catch(() => made.delete(name));
      made.set(name, entry);
    }
    return entry;
  };
  const handler: RequestHandler = async (req, res, next) => {
    const name = req.path.slice(1);
    if (!names.includes(name) || !req.acceptsEncodings('gzip')) return next();
    let file: Compressed;
    try {
      file = await compressed(name);
    } catch {
      return next();
    }
    res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('Cache-Control', `public, max-age=${maxAgeSec}`);
    res.setHeader('ETag', file.etag);
    res.type(path.extname(name));
    // `send` answers 304 to a matching If-None-Match and leaves HEAD without a body.
    res.send(file.body);
  };
  return { handler, warm: () => names.forEach((name) => void compressed(name).catch(() => undefined)) };
}
