/** Tokens: signing and verifying invites and sessions, and the server's signing secret. */
export { TokenService, loadOrCreateSecret, type InviteClaims, type SessionClaims, type SessionSubject } from './tokens.js';
