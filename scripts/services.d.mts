// Types for scripts/services.mjs, which the test runner and the scale-out tests call.
export interface OwnRedis {
  url: string;
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  cleanup(): Promise<void>;
}
export function answers(port: number, host?: string, ms?: number): Promise<boolean>;
export function freePort(): Promise<number>;
export function freeStablePort(): Promise<number>;
export function redisServerBinary(): string | null;
export function startOwnRedis(port?: number): Promise<OwnRedis>;
export function startOwnPostgres(): Promise<{ url: string; stop(): Promise<void> }>;
export function ensureServices(options?: { own?: boolean }): Promise<{ databaseUrl: string; redisUrl: string; stop(): Promise<unknown> }>;
