// Types for scripts/server-build.mjs, which the tests and the benchmark call.
export function serverBundlePath(root: string): string;
export function buildServer(root: string): Promise<void>;
export function ensureServerBuilt(root: string): Promise<void>;
