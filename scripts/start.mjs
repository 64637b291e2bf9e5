// `npm start`: build the web client if it is missing or stale, then run the server (TypeScript
// through tsx, in this same process so signals reach it directly).
import { register } from 'tsx/esm/api';
import { ensureClientBuilt } from './client-build.mjs';

ensureClientBuilt();
register();
await import('../server/main.ts');
