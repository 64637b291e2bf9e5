// `npm run build`: builds the web client and the server bundle, and prints the JavaScript a room
// page ships (gzip).
import path from 'node:path';
import { buildClient, jsReport, JS_BUDGET_BYTES } from './client-build.mjs';
import { buildServer } from './server-build.mjs';

buildClient();
await buildServer(path.resolve(import.meta.dirname, '..'));
const { initialGzip, allGzip, chunks } = jsReport();
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`Room page JavaScript (gzip): ${kb(initialGzip)} loaded up front, ${kb(allGzip)} with every lazy chunk (${chunks} files); budget ${kb(JS_BUDGET_BYTES)}.`);
if (allGzip > JS_BUDGET_BYTES) {
  console.error('Over the JavaScript budget.');
  process.exit(1);
}
