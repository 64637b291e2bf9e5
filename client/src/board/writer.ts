/**
 * Every change one person makes to the board, as Yjs writes. Each carries `origin`, the only
 * origin that person's UndoManager tracks, so undo never touches anyone else's work; and each
 * whole action is cut into its own undo step (a drag is one step however slowly it is made).
 */
import * as Y from 'yjs';
import type { ShapeData } from '../../../shared/schema.js';
import { movePatches, selectedShapes, type NewShape } from './gestures/index.js';
import { addShape, deleteShapes, newShapeId, nextZ, shapesOf, updateShapes } from './model.js';

export function createBoardUndoManager(doc: Y.Doc, origin: object): Y.UndoManager {
  // Capturing is cut by hand at every action (checkpoint), never by time.
  return new Y.UndoManager(shapesOf(doc), { trackedOrigins: new Set([origin]), captureTimeout: 24 * 3600_000 });
}

export class BoardWriter {
  constructor(
    readonly doc: Y.Doc,
    private readonly origin: object,
    readonly undoManager: Y.UndoManager,
    private readonly author: string,
  ) {}

  /** Ends the current undo step: whatever is written next is undone separately. */
  checkpoint(): void {
    this.undoManager.stopCapturing();
  }

  /** Adds a shape on top of all others, as its own undo step; returns its id. */
  add(shape: NewShape): string {
    const id = newShapeId();
    this.checkpoint();
    addShape(this.doc, id, { ...shape, z: nextZ(this.doc), author: this.author }, this.origin);
    this.checkpoint();
    return id;
  }

  /** Part of the current undo step (a gesture in progress). */
  patch(patches: ReadonlyMap<string, Partial<ShapeData>>): void {
    updateShapes(this.doc, patches, this.origin);
  }

  /** Deletes shapes and the arrows bound to them, as one undo step. */
  remove(ids: Iterable<string>): void {
    this.checkpoint();
    deleteShapes(this.doc, ids, this.origin);
    this.checkpoint();
  }

  setLabel(id: string, label: string): void {
    this.checkpoint();
    updateShapes(this.doc, new Map([[id, { label }]]), this.origin);
    this.checkpoint();
  }

  /** Moves the shapes in `ids` by (dx, dy): each press of an arrow key is its own step. */
  nudge(shapes: readonly ShapeData[], ids: ReadonlySet<string>, dx: number, dy: number): void {
    this.checkpoint();
    updateShapes(this.doc, movePatches(selectedShapes(shapes, ids), dx, dy), this.origin);
  }

  undo(): void {
    this.checkpoint();
    this.undoManager.undo();
  }

  redo(): void {
    this.undoManager.redo();
  }
}
