/**
 * The express app: JSON API under `/api`, health, and the built web client with its pages
 * (`/`, `/join/<invite>`, `/r/<roomId>`).
 */
import fs from 'node:fs';
import path from 'node:path';
import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { TokenService } from '../auth/index.js';
import { DuetError, notFound } from '../errors.js';
import type { RoomService } from '../rooms/index.js';
import type { Store } from '../store/index.js';
import { metricsHandler, type DuetMetrics } from '../metrics/index.js';
import { errorHandler, requestLogger, requireJsonBody } from './middleware.js';
import { rateLimits, type RateLimitOptions, type SharedLimits } from './rateLimits.js';
import { roomsRouter } from './rooms.js';
import { peopleRouter } from './people.js';
import { runtimesRouter } from './runtimes.js';

export interface HttpAppOptions {
  rooms: RoomService;
  tokens: TokenService;
  store: Store;
  log: Logger;
  createKey: string | undefined;
  clientDir: string;
  maxJsonBytes: number;
  /** Extra health condition (e.g. the store failed recently). */
  healthy: () => boolean;
  trustProxy: boolean | string | number;
  /** API routers that parse their own bodies (room import), mounted before the API's JSON parser. */
  earlyRouters?: Router[];
  /** More API routers (question bank, reports), mounted under `/api` after the rooms API. */
  routers?: Router[];
  rateLimits: RateLimitOptions;
  /** Counts responses, and serves `GET /metrics` (guarded by `metricsToken`, see metrics/). */
  metrics?: { metrics: DuetMetrics; token: string | undefined };
  /** Several processes: rate limit counts shared through Redis. */
  sharedLimits?: SharedLimits | undefined;
}

/**
 * The page policy: scripts only from us, styles inline too (CodeMirror injects its own), sockets
 * to us. Pages never send a Referer, so an invite link in the address bar never leaks onward.
 */
const CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    connectSrc: ["'self'", 'ws:', 'wss:'],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'", 'data:'],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    frameAncestors: ["'none'"],
    formAction: ["'self'"],
  },
};

export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  // X-Forwarded-For is trusted only when a proxy is configured; otherwise anyone could forge it.
  app.set('trust proxy', options.trustProxy);
  // The runners' sandbox and runtimes carry their own policy (the page policy forbids framing).
  app.use('/runtimes', runtimesRouter(options.clientDir));
  // Frames: CSP's frame-ancestors 'none' for current browsers, X-Frame-Options DENY for older ones.
  app.use(helmet({ contentSecurityPolicy: CSP, referrerPolicy: { policy: 'no-referrer' }, xFrameOptions: { action: 'deny' } }));
  app.use(requestLogger(options.log, options.metrics?.metrics));
  if (options.metrics) app.get('/metrics', metricsHandler(options.metrics.metrics, options.metrics.token));

  app.get('/healthz', async (_req, res) => {
    try {
      await options.store.ping();
      if (!options.healthy()) throw new Error('store failing');
      res.json({ ok: true });
    } catch {
      res.status(503).json({ error: { code: 'unavailable', message: 'the store is not answering' } });
    }
  });

  const limits = rateLimits(options.rateLimits, options.sharedLimits);
  const api = express.Router();
  api.use(limits.failedRequests);
  api.post(['/rooms', '/rooms/import'], limits.createRooms);
  api.post(['/rooms/:id/join', '/rooms/:id/rejoin', '/invites/inspect'], limits.redeemInvites);
  api.use(requireJsonBody);
  for (const router of options.earlyRouters ?? []) api.use(router);
  api.use(express.json({ limit: options.maxJsonBytes, type: 'application/json' }));
  api.use(roomsRouter({ rooms: options.rooms, tokens: options.tokens, createKey: options.createKey }));
  api.use(peopleRouter({ rooms: options.rooms, tokens: options.tokens }));
  for (const router of options.routers ?? []) api.use(router);
  api.use(() => {
    throw notFound('no such API route');
  });
  app.use('/api', api);

  const indexHtml = path.join(options.clientDir, 'index.html');
  app.use(express.static(options.clientDir, { index: false, maxAge: '1h', fallthrough: true }));
  app.get(['/', '/join/{*rest}', '/r/{*rest}'], (_req, res, next) => {
    if (!fs.existsSync(indexHtml)) {
      next(new DuetError('not_found', 'the web client is not built; run `npm run build`'));
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.sendFile(indexHtml);
  });
  app.use(() => {
    throw notFound('not found');
  });
  app.use(errorHandler(options.log));
  return app;
}
