/**
 * Short-lived TURN credentials in the scheme coturn's `use-auth-secret` accepts (the "TURN REST
 * API"): username `<expiry unix seconds>:<participant id>`, password base64(HMAC-SHA1(secret,
 * username)). coturn recomputes the HMAC with its `static-auth-secret` and refuses the username
 * once its time has passed, so nothing is stored and a leaked credential dies on its own.
 */
import { createHmac } from 'node:crypto';
import type { IceConfig, IceServer } from '../../shared/call.js';
import type { CallConfig } from './config.js';

export interface TurnCredential {
  username: string;
  credential: string;
  /** Unix ms. */
  expiresAt: number;
}

export function turnCredential(secret: string, participantId: string, nowMs: number, ttlSeconds: number): TurnCredential {
  const expiry = Math.floor(nowMs / 1000) + ttlSeconds;
  const username = `${expiry}:${participantId}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential, expiresAt: expiry * 1000 };
}

const isTurn = (server: IceServer): boolean => [server.urls].flat().some((url) => /^turns?:/.test(url));

/**
 * The ICE servers for one participant: the configured list, with credentials minted for TURN
 * entries that carry none (entries with their own username and credential pass unchanged).
 */
export function iceConfigFor(config: CallConfig, participantId: string, nowMs: number): IceConfig {
  const minted = config.turnSecret ? turnCredential(config.turnSecret, participantId, nowMs, config.turnTtlSeconds) : null;
  let used = false;
  const iceServers = config.iceServers.flatMap((server): IceServer[] => {
    if (!isTurn(server) || server.username) return [server];
    if (!minted) return []; // a TURN entry without credentials would only fail in the browser
    used = true;
    return [{ urls: server.urls, username: minted.username, credential: minted.credential }];
  });
  return { iceServers, expiresAt: used && minted ? minted.expiresAt : null };
}
