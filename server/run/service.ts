/**
 * The run relay: a run starts from one socket (the policy's `run:start`), its output and its end
 * are accepted from that socket only, and are passed on to everyone in the room as they come. A
 * finished run is stored as a `run` room event (the report and the playback read it there).
 *
 * Live runs are kept by the process that holds the runner's socket: every message of a run comes
 * through that socket, so the check "is this the run's own socket" never needs another process.
 * Finished runs come from the store, so any process can list them for a late joiner.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol.js';
import { appendOutput, RUN_LIMITS, type RunEndStatus, type RunRecord, type TestVerdict } from '../../shared/run.js';
import { DuetError, forbidden } from '../errors.js';
import { authorize, type Identity, type RoomService } from '../rooms/index.js';
import type { RoomEvent, Store } from '../store/index.js';
import { parseWith } from '../validate.js';
import { RunEndSchema, RunOutputSchema, RunStartSchema } from './schemas.js';

/** What the relay needs of a connected socket. */
export interface RunSocket {
  id: string;
  data: { claims: { room: string; sub: string } };
  on(event: 'disconnect', listener: () => void): unknown;
}

type Emitter = { emit<E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>): unknown };

/** What the relay needs of the socket.io server. */
export interface RunIo {
  to(room: string): Emitter & { except(socketId: string): Emitter };
}

export type RegisterRunCommand = <T extends object>(event: keyof ClientToServerEvents & `run:${string}`, run: (who: Identity, payload: unknown) => Promise<T>) => void;

export interface RunServiceOptions {
  io: RunIo;
  rooms: RoomService;
  store: Store;
  log: Logger;
  channel: (roomId: string) => string;
  now?: () => number;
  /** A run ended, with its status (metrics). */
  onFinished?: (status: string) => void;
}

interface LiveRun {
  record: RunRecord;
  roomId: string;
  socketId: string;
  chunks: number;
  /** Ends the run if its page never reports the end (closed tab, a page that lies). */
  deadline: NodeJS.Timeout;
}

export class RunService {
  private readonly live = new Map<string, LiveRun>();
  /** Start times per participant in the last minute (`RUN_LIMITS.startsPerMinute`). */
  private readonly starts = new Map<string, number[]>();
  private readonly now: () => number;

  constructor(private readonly options: RunServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  register(socket: RunSocket, command: RegisterRunCommand): void {
    const roomId = socket.data.claims.room;
    /** The live run this socket started; anything else is refused. */
    const own = (runId: string): LiveRun => {
      const run = this.live.get(runId);
      if (!run || run.roomId !== roomId) throw new DuetError('not_found', 'no such run in progress');
      if (run.socketId !== socket.id) throw forbidden('only the connection that started a run sends its output');
      return run;
    };

    command('run:list', async () => ({ runs: await this.recent(roomId) }));

    command('run:start', async (who, payload) => {
      const request = parseWith(RunStartSchema, payload, 'payload');
      authorize(who.room, who, { type: 'run:start' });
      this.countStart(who.participant.id);
      for (const run of this.live.values()) if (run.socketId === socket.id) this.finish(run, 'stopped');
      const limitSec = who.room.flow.runTimeLimitSec ?? RUN_LIMITS.timeLimitSec.default;
      const record: RunRecord = {
        id: randomUUID(),
        by: who.participant.id,
        byName: who.participant.name,
        language: request.language,
        kind: request.kind,
        status: 'running',
        startedAt: this.now(),
        durationMs: null,
        output: '',
        truncated: false,
      };
      const run: LiveRun = { record, roomId, socketId: socket.id, chunks: 0, deadline: setTimeout(() => this.finish(run, 'timeout'), RUN_LIMITS.loadMs + limitSec * 1000 + RUN_LIMITS.endGraceMs) };
      run.deadline.unref();
      this.live.set(record.id, run);
      this.options.io.to(this.options.channel(roomId)).emit('run:update', { ...record });
      return { run: { ...record } };
    });

    command('run:output', async (who, payload) => {
      const { runId, text } = parseWith(RunOutputSchema, payload, 'payload');
      const run = own(runId);
      // Turning Run off for the candidate stops their run where it is.
      try {
        authorize(who.room, who, { type: 'run:start' });
      } catch (err) {
        this.finish(run, 'stopped');
        throw err;
      }
      if (++run.chunks > RUN_LIMITS.chunksPerRun) throw new DuetError('rate_limited', `at most ${RUN_LIMITS.chunksPerRun} output messages per run`);
      if (run.record.truncated) return {};
      const next = appendOutput(run.record, text);
      const kept = next.output.slice(run.record.output.length);
      Object.assign(run.record, next);
      if (kept) this.options.io.to(this.options.channel(roomId)).except(socket.id).emit('run:output', { runId, text: kept });
      return {};
    });

    command('run:end', async (_who, payload) => {
      const request = parseWith(RunEndSchema, payload, 'payload');
      const run = own(request.runId);
      const elapsed = this.now() - run.record.startedAt;
      // The page measures more precisely (no network in it), but cannot claim more than has passed.
      const durationMs = Math.min(request.durationMs, elapsed + 1000);
      const tests = run.record.kind === 'tests' ? request.tests : undefined;
      const record = this.finish(run, request.status, { durationMs, truncated: request.truncated ?? false, ...(tests ? { tests } : {}) });
      // Acknowledged once stored: a report asked for right after the end includes this run.
      await record.stored;
      return { run: record.run };
    });

    command('run:clear', async (who) => {
      authorize(who.room, who, { type: 'run:clear' });
      await this.options.store.addEvent({ roomId, at: this.now(), kind: 'run-clear', participantId: who.participant.id, data: null });
      this.options.io.to(this.options.channel(roomId)).emit('run:cleared');
      return {};
    });

    socket.on('disconnect', () => {
      for (const run of this.live.values()) if (run.socketId === socket.id) this.finish(run, 'stopped');
    });
  }

  /** Finished runs since the console was last cleared, plus this process's live ones; oldest first. */
  async recent(roomId: string): Promise<RunRecord[]> {
    const events = await this.options.store.listEvents(roomId);
    const cleared = events.findLastIndex((e) => e.kind === 'run-clear');
    const finished = runsOf(events.slice(cleared + 1));
    const live = [...this.live.values()].filter((r) => r.roomId === roomId).map((r) => ({ ...r.record }));
    return [...finished, ...live].sort((a, b) => a.startedAt - b.startedAt).slice(-RUN_LIMITS.recent);
  }

  private countStart(participantId: string): void {
    const since = this.now() - 60_000;
    const recent = (this.starts.get(participantId) ?? []).filter((t) => t > since);
    if (recent.length >= RUN_LIMITS.startsPerMinute) throw new DuetError('rate_limited', `at most ${RUN_LIMITS.startsPerMinute} runs a minute`);
    recent.push(this.now());
    this.starts.set(participantId, recent);
  }

  /** Ends a live run once: stores it, tells the room. `stored` settles when the store has it (never rejects). */
  private finish(run: LiveRun, status: RunEndStatus, end?: { durationMs: number; truncated: boolean; tests?: TestVerdict[] }): { run: RunRecord; stored: Promise<void> } {
    let stored = Promise.resolve();
    if (this.live.get(run.record.id) === run) {
      this.live.delete(run.record.id);
      clearTimeout(run.deadline);
      const record = run.record;
      record.status = status;
      record.durationMs = end?.durationMs ?? this.now() - record.startedAt;
      record.truncated = record.truncated || (end?.truncated ?? false);
      if (end?.tests) record.tests = end.tests;
      const event: RoomEvent = { roomId: run.roomId, at: this.now(), kind: 'run', participantId: record.by, data: { ...record } };
      stored = this.options.store.addEvent(event).catch((err: unknown) => void this.options.log.error({ err }, 'could not store a run'));
      this.options.io.to(this.options.channel(run.roomId)).emit('run:update', { ...record });
      this.options.onFinished?.(status);
    }
    return { run: { ...run.record }, stored };
  }
}

/** The runs recorded among room events, oldest first (report, late joiners). */
export function runsOf(events: readonly RoomEvent[]): RunRecord[] {
  return events.filter((e) => e.kind === 'run' && e.data !== null).map((e) => e.data as unknown as RunRecord);
}
