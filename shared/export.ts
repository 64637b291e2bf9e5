/**
 * The room export bundle (`GET /api/rooms/:id/export`, `POST /api/rooms/import`): one JSON
 * document with everything a room recorded, versioned so that a later Duet can still read what an
 * earlier one wrote. Byte strings (Yjs updates and states) are base64.
 */
import type { RoomBase } from './protocol.js';
import type { InterviewReport } from './report.js';
import type { ParticipantStatus } from './people.js';
import type { DocName, Role, Seat } from './roles.js';

export const EXPORT_FORMAT = 'duet-room';
/** Bumped on any change a reader must know of; an importer refuses versions it does not know. */
export const EXPORT_VERSION = 1;

export interface ExportedUpdate {
  /** Position in the document's log on the exporting server (order only; renumbered on import). */
  seq: number;
  at: number;
  /** A participant id of the bundle, `server`, or null. */
  author: string | null;
  update: string;
}

export interface ExportedDocument {
  /** The document's final state (a Yjs update holding everything). */
  state: string;
  /** Every update, oldest first: the full history, for playback. */
  updates: ExportedUpdate[];
}

/** A participant as stored, without the room it belongs to (the store's record adds that). */
export interface ExportedParticipant {
  id: string;
  name: string;
  role: Role;
  color: string;
  createdAt: number;
  /** Peer rooms: the seat; the effective role follows the room's seat assignment. */
  seat: Seat | null;
  /** Rows stored before the waiting room existed read as `admitted`. */
  status: ParticipantStatus;
}

export interface ExportedEvent {
  at: number;
  kind: string;
  participantId: string | null;
  data: Record<string, unknown> | null;
}

export interface RoomExport {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: number;
  room: RoomBase & {
    timer: Record<string, unknown>;
    flow: Record<string, unknown>;
  };
  participants: ExportedParticipant[];
  events: ExportedEvent[];
  documents: Partial<Record<DocName, ExportedDocument>>;
  /** The report as the exporting interviewer saw it: scorecards, notes, runs, the board. Informational; import rebuilds it from the rest. */
  report: InterviewReport;
}
