/** Cross-cutting HTTP pieces: body checks, session auth, errors, request logs without secrets. */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { sameSecret, type SessionClaims, type TokenService } from '../auth/index.js';
import { badRequest, DuetError, forbidden, toDuetError, unauthorized } from '../errors.js';
import { parseWith } from '../validate.js';

/** Parses a body with a schema; the first problem becomes a 400 that names the field. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  return parseWith(schema, body ?? {}, 'request body');
}

/** JSON routes take JSON: a body of another type is refused (415) rather than silently ignored. */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !req.is('application/json')) {
    next(new DuetError('unsupported_media_type', 'send the body as application/json'));
    return;
  }
  next();
};

export function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

/** With a create key set, only `Authorization: Bearer <key>` may make rooms (create, import). */
export function requireCreateKey(createKey: string | undefined): RequestHandler {
  return (req, _res, next) => {
    if (createKey !== undefined && !sameSecret(bearerToken(req), createKey)) {
      throw unauthorized('creating rooms on this server needs Authorization: Bearer <create key>');
    }
    next();
  };
}

declare module 'express-serve-static-core' {
  interface Request {
    session?: SessionClaims;
  }
}

/** A session token of the room in the path (`:id`); another room's token is 403. */
export function requireSession(tokens: TokenService): RequestHandler {
  return (req, _res, next) => {
    const token = bearerToken(req);
    if (!token) throw unauthorized('send the session token as Authorization: Bearer <token>');
    const claims = tokens.verifySession(token);
    const roomId = req.params['id'];
    if (roomId !== undefined && claims.room !== roomId) throw forbidden('this token belongs to another room');
    req.session = claims;
    next();
  };
}

export function session(req: Request): SessionClaims {
  if (!req.session) throw unauthorized();
  return req.session;
}

/** Every error leaves as `{error:{code,message}}` with its status; internals never leak. */
export function errorHandler(log: Logger) {
  return (err: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    const bodyError = err as { type?: string; status?: number };
    let error: DuetError;
    if (err instanceof DuetError) error = err;
    else if (bodyError?.type === 'entity.too.large') error = new DuetError('payload_too_large', 'request body too large');
    else if (bodyError?.type === 'entity.parse.failed') error = badRequest('request body is not valid JSON');
    else if (typeof bodyError?.type === 'string' && bodyError.status === 415)
      error = new DuetError('unsupported_media_type', 'unsupported body encoding');
    // Express's own client errors, such as a path that does not percent-decode. Their messages
    // may quote the path — an invite code — so they are neither logged nor echoed.
    else if (typeof bodyError?.status === 'number' && bodyError.status >= 400 && bodyError.status < 500)
      error = badRequest('malformed request');
    else error = toDuetError(err);
    if (error.code === 'internal') log.error({ err }, 'request failed');
    res.status(error.status).json({ error: error.toBody() });
  };
}

/**
 * Paths as logged: invite tokens in `/join/<token>` are replaced, and query strings (where the
 * stock y-websocket client puts its token) are never logged.
 */
export function loggablePath(url: string): string {
  const path = url.split('?')[0] ?? '';
  return path.replace(/^\/join\/[^/]+/, '/join/:invite');
}

/** Logs every response, and counts the refused ones in `metrics`. */
export function requestLogger(log: Logger, metrics?: { responded(transport: 'http', status: number): void }): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      metrics?.responded('http', res.statusCode);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log.info({ method: req.method, path: loggablePath(req.originalUrl), status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'http');
    });
    next();
  };
}
