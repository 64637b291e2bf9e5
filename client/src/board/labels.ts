/**
 * In-place editing of one shape's label: which shape, and what has been typed so far. The draft
 * lives here rather than in component state because Enter and the blur that follows it both
 * finish editing, and component state is only updated at the next render: the second finish
 * would see a stale draft and write it back.
 */
import { MAX_LABEL_LENGTH } from '../../../shared/schema.js';

export interface LabelDraft {
  id: string;
  value: string;
}

export class LabelEditing {
  private draft: LabelDraft | null = null;

  /** `onChange` is told every new draft (null when editing ends), to redraw the editor. */
  constructor(private readonly onChange: (draft: LabelDraft | null) => void) {}

  get current(): LabelDraft | null {
    return this.draft;
  }

  start(id: string, value: string): void {
    this.set({ id, value });
  }

  input(value: string): void {
    if (this.draft) this.set({ id: this.draft.id, value });
  }

  cancel(): void {
    if (this.draft) this.set(null);
  }

  /** Ends editing and returns the label to write (cut to the schema's limit) — once: a second call returns null. */
  finish(): LabelDraft | null {
    const draft = this.draft;
    if (!draft) return null;
    this.set(null);
    return { id: draft.id, value: draft.value.slice(0, MAX_LABEL_LENGTH) };
  }

  private set(draft: LabelDraft | null): void {
    this.draft = draft;
    this.onChange(draft);
  }
}
