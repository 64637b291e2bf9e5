// Issue 15: the runtimes as the runner fetches them — WebAssembly as `application/wasm` (so the
// browser compiles it while it downloads; gzip-encoded for browsers), and the Python snapshot gzip-encoded from the build's
// client folder, or a plain 404 when the build made none (the runner then starts Python itself).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { pythonSnapshotFile } from '../../server/http/runtimes.js';
import { tempDir, useServer } from '../helpers/server.js';

const withSnapshot = tempDir();
const snapshot = Buffer.from('not a real snapshot, but bytes the server must pass on untouched');
fs.mkdirSync(path.dirname(pythonSnapshotFile(withSnapshot)), { recursive: true });
fs.writeFileSync(pythonSnapshotFile(withSnapshot), zlib.gzipSync(snapshot));
const built = useServer({ clientDir: withSnapshot, logLevel: 'warn' });
const bare = useServer({ clientDir: tempDir(), logLevel: 'warn' });

/** A GET with exactly these request headers (fetch would add its own Accept-Encoding). */
function get(url: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe('runtime files', () => {
  it('serves pyodide’s WebAssembly as application/wasm, readable from the sandbox’s opaque origin, gzip-encoded when taken', async () => {
    const url = `${built.server.url}/runtimes/pyodide/pyodide.asm.wasm`;
    const plain = await get(url, {});
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('application/wasm');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['access-control-allow-origin']).toBe('*');
    expect(plain.body.subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));

    const gzipped = await get(url, { 'accept-encoding': 'gzip, deflate, br' });
    expect(gzipped.status).toBe(200);
    expect(gzipped.headers['content-type']).toBe('application/wasm');
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers['access-control-allow-origin']).toBe('*');
    expect(gzipped.body.length).toBeLessThan(plain.body.length / 2);
    expect(zlib.gunzipSync(gzipped.body).equals(plain.body)).toBe(true);
    // Revalidation answers 304 without the body.
    const again = await get(url, { 'accept-encoding': 'gzip', 'if-none-match': String(gzipped.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('serves the build’s Python snapshot gzip-encoded, revalidated on every load', async () => {
    const res = await get(`${built.server.url}/runtimes/python-snapshot`, { 'accept-encoding': 'gzip, deflate' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(zlib.gunzipSync(res.body)).toEqual(snapshot);
  });

  it('answers a plain 404 when the build made no snapshot, or the client takes no gzip', async () => {
    for (const [url, encoding] of [
      [`${bare.server.url}/runtimes/python-snapshot`, 'gzip'],
      [`${built.server.url}/runtimes/python-snapshot`, 'identity'],
    ] as const) {
      const res = await get(url, { 'accept-encoding': encoding });
      expect(res.status).toBe(404);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(JSON.parse(res.body.toString())).toMatchObject({ error: { code: 'not_found' } });
    }
  });
});
