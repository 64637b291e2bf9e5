/**
 * Rate limits per client address (the socket's, or X-Forwarded-For only when a proxy is trusted):
 * creating rooms, redeeming invites, and failed requests of any kind — the last one slows down
 * anyone guessing tokens, invite codes or room ids.
 */
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { WindowCounts } from './rateLimitStore.js';

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

function limiter(windowMs: number, limit: number, extra: { skipSuccessfulRequests?: boolean } = {}): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-7',
    // Without a configured proxy, X-Forwarded-For is deliberately ignored; no need to warn about it.
    validate: { xForwardedForHeader: false },
    legacyHeaders: false,
    store: new WindowCounts(),
    ...extra,
    handler: (_req, res) => {
      res.status(429).json({ error: { code: 'rate_limited', message: 'too many requests; try again later' } });
    },
  });
}

export function rateLimits(options: RateLimitOptions) {
  return {
    createRooms: limiter(options.windowMs, options.createRooms),
    redeemInvites: limiter(options.windowMs, options.redeemInvites),
    failedRequests: limiter(options.windowMs, options.failedRequests, { skipSuccessfulRequests: true }),
  };
}
