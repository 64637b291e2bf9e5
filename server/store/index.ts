/** Storage: the `Store` interface and its backends. */
export type * from './types.js';
export { SqliteStore } from './sqlite.js';
export { DataDirLockedError } from './dataDirLock.js';
export { initialFlow } from './types.js';
