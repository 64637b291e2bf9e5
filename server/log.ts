/**
 * Structured logs (pino). Tokens and invite codes must never reach a log line: request paths are
 * logged without query strings and with invite codes replaced (see http/middleware.ts), and these
 * fields are redacted wherever they appear.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

const REDACT = [
  'token',
  'hostToken',
  'invite',
  'authorization',
  '*.token',
  '*.hostToken',
  '*.invite',
  '*.authorization',
  'req.headers.authorization',
  'req.headers["sec-websocket-protocol"]',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'duet' }, redact: { paths: REDACT, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
