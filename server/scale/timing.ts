/** Heartbeats and expiries between processes (server/scale/cluster.ts). */
export interface ClusterTiming {
  /** How often every loaded document reads what it may have missed from the database. */
  catchUpEveryMs: number;
  /** How often a process renews its presence claims, room activity and cursors. */
  heartbeatMs: number;
  /** How long a claim holds without renewal: a dead process's people and cursors go within this. */
  ttlMs: number;
  /** How long a missing room change is waited for. */
  gapWaitMs: number;
}

/** A dead process's cursors and people disappear from the others within 13 s: 10 s without renewal, found on a 3 s beat (the target is 15 s). */
export const DEFAULT_CLUSTER_TIMING: ClusterTiming = { catchUpEveryMs: 5000, heartbeatMs: 3000, ttlMs: 10_000, gapWaitMs: 500 };
