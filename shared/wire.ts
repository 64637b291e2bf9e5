// Wire constants of the document endpoint: close codes, the subprotocol and Duet's own message type.

/**
 * WebSocket close codes of the document endpoint (`/yjs/<room>/<doc>`). Refusals of the upgrade
 * itself (no token, unknown room, forbidden document) are plain HTTP answers — 401 / 404 / 403 —
 * so no byte of a document is ever sent on them; these codes close connections that were accepted.
 */
export const CloseCode = {
  /** Server shutting down (SIGTERM/SIGINT); the client should reconnect later. */
  goingAway: 1001,
  /** A flood of tiny fragments of one message (ws's fragment cap). */
  tooManyFragments: 1008,
  /** A frame over the size limit (ws sends this itself). */
  tooBig: 1009,
  /** A frame that is not a well-formed y-protocols message. */
  malformed: 4400,
  /** The session token is no longer valid. */
  unauthorized: 4401,
  /** The role lost access to the document (a peer swap made them the candidate). */
  forbidden: 4403,
  /** The room no longer exists. */
  notFound: 4404,
  /** The document would grow past its size cap. */
  docTooLarge: 4413,
  /** The client does not read what it is sent, and its send buffer passed the limit. */
  slowConsumer: 4408,
  /** The store failed; the client keeps its edits and resyncs when it reconnects. */
  storeFailure: 4500,
} as const;
export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];

/** The fixed subprotocol our own client offers beside its token (`Sec-WebSocket-Protocol: duet.v1, <token>`). */
export const YJS_SUBPROTOCOL = 'duet.v1';

/**
 * Duet's own y-websocket message type, sent only on connections that negotiated `YJS_SUBPROTOCOL`
 * (the stock client would log an unknown type): a state vector of what the server has stored — as
 * durably as its `DUET_DURABILITY` promises — so a client shows "Saved" only for edits that are.
 */
export const DUET_STORED_MESSAGE = 100;
