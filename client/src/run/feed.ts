/**
 * The room's runs as this page sees them: the last runs on connect (a reload, a late join), then
 * every start, output chunk and end as the server relays them. The runner's own output is added
 * locally as it is produced (the server does not echo it back).
 */
import { appendOutput, type RunRecord } from '../../../shared/run.js';
import type { ControlSocket } from '../lib/connection.js';

/** Keeps the longer output: a runner's own record is ahead of what the server has relayed. */
export function upsertRun(runs: readonly RunRecord[], record: RunRecord): RunRecord[] {
  const i = runs.findIndex((r) => r.id === record.id);
  if (i === -1) return [...runs, record];
  const existing = runs[i]!;
  const merged = record.output.length < existing.output.length ? { ...record, output: existing.output, truncated: existing.truncated || record.truncated } : record;
  return runs.map((r, j) => (j === i ? merged : r));
}

export function appendToRun(runs: readonly RunRecord[], runId: string, text: string): RunRecord[] {
  return runs.map((r) => (r.id === runId ? { ...r, ...appendOutput(r, text) } : r));
}

export class RunFeed {
  private runs: RunRecord[] = [];
  private readonly listeners = new Set<(runs: RunRecord[]) => void>();
  private readonly off: (() => void)[] = [];

  constructor(private readonly socket: ControlSocket) {
    const onUpdate = (run: RunRecord): void => this.set(upsertRun(this.runs, run));
    const onOutput = ({ runId, text }: { runId: string; text: string }): void => this.set(appendToRun(this.runs, runId, text));
    const onCleared = (): void => this.set([]);
    const list = (): void => {
      socket
        .timeout(5000)
        .emitWithAck('run:list')
        .then(
          (ack) => {
            if (ack.ok) this.set(ack.runs.reduce(upsertRun, this.runs.filter((r) => r.status === 'running')));
          },
          () => undefined,
        );
    };
    socket.on('run:update', onUpdate);
    socket.on('run:output', onOutput);
    socket.on('run:cleared', onCleared);
    socket.on('connect', list);
    if (socket.connected) list();
    this.off.push(() => {
      socket.off('run:update', onUpdate);
      socket.off('run:output', onOutput);
      socket.off('run:cleared', onCleared);
      socket.off('connect', list);
    });
  }

  get current(): RunRecord[] {
    return this.runs;
  }

  /** The runner's own record and output, ahead of the server. */
  local(record: RunRecord): void {
    this.set(upsertRun(this.runs, record));
  }

  localOutput(runId: string, text: string): void {
    this.set(appendToRun(this.runs, runId, text));
  }

  /** Clears this page's view only. */
  clearView(): void {
    this.set(this.runs.filter((r) => r.status === 'running'));
  }

  subscribe(listener: (runs: RunRecord[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  destroy(): void {
    for (const off of this.off) off();
    this.listeners.clear();
  }

  private set(runs: RunRecord[]): void {
    this.runs = runs;
    for (const l of this.listeners) l(runs);
  }
}
