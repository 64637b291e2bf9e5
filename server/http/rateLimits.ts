/**
 * Rate limits per client address (the socket's, or X-Forwarded-For only when a proxy is trusted):
 * creating rooms, redeeming invites, and failed requests of any kind — the last one slows down
 * anyone guessing tokens, invite codes or room ids.
 */
import type { RequestHandler } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { WindowCounts } from './rateLimitStore.js';

/** Several processes: counts kept in Redis, so a client gets one limit however its requests are spread. */
export interface SharedLimits {
  redis: Redis;
  prefix: string;
}

export interface RateLimitOptions {
  windowMs: number;
  createRooms: number;
  redeemInvites: number;
  failedRequests: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitOptions = {
  windowMs: 10 * 60_000,
  createRooms: 60,
  redeemInvites: 120,
  failedRequests: 200,
};

function countsIn(name: string, shared: SharedLimits | undefined): Store {
  if (!shared) return new WindowCounts();
  return new RedisStore({
    prefix: `${shared.prefix}rl:${name}:`,
    sendCommand: (command: string, ...args: string[]) => shared.redis.call(command, ...args) as Promise<RedisReply>,
  });
}

function limiter(windowMs: number, limit: number, store: Store, extra: { skipSuccessfulRequests?: boolean } = {}): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-7',
    // Without a configured proxy, X-Forwarded-For is deliberately ignored; no need to warn about it.
    validate: { xForwardedForHeader: false },
    legacyHeaders: false,
    store,
    ...extra,
    handler: (_req, res) => {
      res.status(429).json({ error: { code: 'rate_limited', message: 'too many requests; try again later' } });
    },
  });
}

export function rateLimits(options: RateLimitOptions, shared?: SharedLimits) {
  return {
    createRooms: limiter(options.windowMs, options.createRooms, countsIn('create', shared)),
    redeemInvites: limiter(options.windowMs, options.redeemInvites, countsIn('redeem', shared)),
    failedRequests: limiter(options.windowMs, options.failedRequests, countsIn('failed', shared), { skipSuccessfulRequests: true }),
  };
}
