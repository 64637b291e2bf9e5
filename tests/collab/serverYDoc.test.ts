// The server's Y.Doc (server/collab/serverYDoc.ts) skips events nobody listens to; to everyone who
// listens it must behave as Yjs's own: same events, same arguments, same order, same snapshot of
// listeners per event.
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { ServerYDoc } from '../../server/collab/serverYDoc.js';

/** The events a document emits around one local edit and one applied update, in order. */
function eventsOf(doc: Y.Doc): string[] {
  const seen: string[] = [];
  const names = [
    'beforeAllTransactions',
    'beforeTransaction',
    'beforeObserverCalls',
    'afterTransaction',
    'afterTransactionCleanup',
    'update',
    'afterAllTransactions',
  ] as const;
  for (const name of names) {
    doc.on(name, (...args: unknown[]) => {
      seen.push(`${name}/${args.length}`);
    });
  }
  doc.getText('t').insert(0, 'hello');
  const other = new Y.Doc();
  other.getText('t').insert(0, 'x');
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(other), 'remote');
  return seen;
}

describe('ServerYDoc', () => {
  it('emits the events Yjs emits, with the same arguments, in the same order', () => {
    const ours = eventsOf(new ServerYDoc());
    expect(ours).toEqual(eventsOf(new Y.Doc()));
    expect(ours).toContain('update/4');
  });

  it('calls the listeners present when an event is emitted, in the order they were added', () => {
    const doc = new ServerYDoc();
    const calls: string[] = [];
    const late = (): void => {
      calls.push('late');
    };
    doc.on('afterTransaction', () => {
      calls.push('first');
      doc.on('afterTransaction', late);
    });
    doc.on('afterTransaction', (tr, d) => {
      calls.push(`second:${tr.origin as string}:${d === doc}`);
    });
    doc.transact(() => doc.getText('t').insert(0, 'a'), 'me');
    expect(calls).toEqual(['first', 'second:me:true']);
    doc.transact(() => doc.getText('t').insert(0, 'b'), 'me');
    expect(calls.slice(2)).toEqual(['first', 'second:me:true', 'late']);
  });

  it('emits nothing to a listener that was removed, and keeps the document working without any', () => {
    const doc = new ServerYDoc();
    let updates = 0;
    const onUpdate = (): void => {
      updates++;
    };
    doc.on('update', onUpdate);
    doc.getText('t').insert(0, 'a');
    doc.off('update', onUpdate);
    doc.getText('t').insert(1, 'b');
    expect(updates).toBe(1);
    expect(doc.getText('t').toString()).toBe('ab');
  });
});
