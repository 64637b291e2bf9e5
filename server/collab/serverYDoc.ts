/**
 * The Y.Doc a loaded document is held in. Yjs emits its document events several times per
 * transaction (before and after it, around its observers, around all transactions), and lib0's
 * `emit` copies each event's listeners into a new array — making an empty Map first when there are
 * none — then calls them through a closure. The server listens to one of those events, so for every
 * keystroke most of that work was for nobody: a few per cent of the server's CPU per edit.
 *
 * Same contract as lib0's: the listeners present when the event is emitted are called, in the order
 * they were added; one that subscribes meanwhile is called from the next event on.
 */
import * as Y from 'yjs';

type EmitArgs = Parameters<Y.Doc['emit']>;

export class ServerYDoc extends Y.Doc {
  override emit(name: EmitArgs[0], args: EmitArgs[1]): void {
    const listeners = this._observers.get(name);
    if (listeners === undefined || listeners.size === 0) return;
    // Copied first, as lib0 does: a listener may add or remove listeners.
    for (const listener of [...listeners]) (listener as (...a: unknown[]) => void)(...args);
  }
}
