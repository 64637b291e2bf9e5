// `npm start`: build the web client and the server bundle if either is missing or stale, then run
// the server (in this same process, so signals reach it directly). `npm run serve` runs the
// TypeScript sources through tsx instead, for development.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureClientBuilt } from './client-build.mjs';
import { ensureServerBuilt, serverBundlePath } from './server-build.mjs';

const root = path.resolve(import.meta.dirname, '..');
ensureClientBuilt();
await ensureServerBuilt(root);
await import(pathToFileURL(serverBundlePath(root)).href);
