export const JS_BUDGET_BYTES: number;
export function clientIsStale(): boolean;
export function buildClient(): void;
export function ensureClientBuilt(): void;
export function distGzip(urlPaths: string[]): number;
export function jsReport(): { initialGzip: number; allGzip: number; chunks: number };
