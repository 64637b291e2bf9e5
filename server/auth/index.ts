/** Tokens: signing and verifying invites and sessions, and the server's signing secret. */
export { sameSecret } from './secrets.js';
export { TokenService, loadOrCreateSecret, type InviteClaims, type RejoinClaims, type SessionClaims, type SessionSubject } from './tokens.js';
