/**
 * One typed error for every surface: it maps one way to an HTTP status (with a JSON body), a
 * socket.io ack `{ok:false,error}` and a WebSocket close code.
 */
import type { ErrorBody, ErrorCode } from '../shared/errors.js';
import { CloseCode, type CloseCodeValue } from '../shared/wire.js';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  gone: 410,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

const CLOSE: Partial<Record<ErrorCode, CloseCodeValue>> = {
  bad_request: CloseCode.malformed,
  unauthorized: CloseCode.unauthorized,
  forbidden: CloseCode.forbidden,
  not_found: CloseCode.notFound,
  gone: CloseCode.forbidden,
  payload_too_large: CloseCode.docTooLarge,
};

export class DuetError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DuetError';
  }

  get status(): number {
    return STATUS[this.code];
  }

  get closeCode(): CloseCodeValue {
    return CLOSE[this.code] ?? CloseCode.storeFailure;
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message };
  }
}

export const badRequest = (message: string) => new DuetError('bad_request', message);
export const unauthorized = (message = 'a valid token is required') => new DuetError('unauthorized', message);
export const forbidden = (message: string) => new DuetError('forbidden', message);
export const notFound = (message: string) => new DuetError('not_found', message);

/** Anything that is not a DuetError becomes a bare `internal` error: no stack or detail leaks out. */
export function toDuetError(err: unknown): DuetError {
  if (err instanceof DuetError) return err;
  return new DuetError('internal', 'internal server error');
}
