/** The HTTP API, typed by `shared/protocol.ts`. Errors come back as `ApiError` with the server's code. */
import type { ErrorBody, ErrorCode } from '../../../shared/errors.js';
import type { Role, Seat } from '../../../shared/roles.js';
import type { Question, QuestionExport, QuestionFilter, QuestionInput } from '../../../shared/questions.js';
import type { InterviewReport } from '../../../shared/report.js';
import type { ReplayResponse } from '../../../shared/replay.js';
import type {
  CreateRoomRequest,
  CreateRoomResponse,
  InviteLink,
  JoinResponse,
  PrivateLink,
  RoomDetails,
  RoomInfo,
} from '../../../shared/protocol.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'network',
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export async function request<T>(method: string, path: string, body?: unknown, token?: string, accept?: string): Promise<T> {
  const headers: Record<string, string> = {};
  if (accept) headers['accept'] = accept;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers['authorization'] = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  } catch {
    throw new ApiError(0, 'network', 'Cannot reach the Duet server. Check your connection and try again.');
  }
  const text = await res.text();
  if (res.ok && accept && !accept.includes('json')) return text as T;
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (a proxy error page): reported by status below.
  }
  if (!res.ok) {
    const error = (data as { error?: Partial<ErrorBody> } | null)?.error;
    throw new ApiError(res.status, error?.code ?? 'internal', error?.message ?? `The server answered ${res.status}.`);
  }
  return data as T;
}

export interface InviteInfo {
  room: Pick<RoomInfo, 'id' | 'title' | 'status' | 'mode'>;
  role: Role;
  /** Peer rooms: the seat the invite is for. */
  seat?: Seat;
}

export const api = {
  /** `createKey` is needed only on servers started with DUET_CREATE_KEY. */
  createRoom: (body: CreateRoomRequest, createKey?: string) => request<CreateRoomResponse>('POST', '/api/rooms', body, createKey || undefined),
  inspectInvite: (invite: string) => request<InviteInfo>('POST', '/api/invites/inspect', { invite }),
  join: (roomId: string, invite: string, name: string) =>
    request<JoinResponse>('POST', `/api/rooms/${encodeURIComponent(roomId)}/join`, { invite, name }),
  /** A private link's key (from the URL fragment) for a fresh session. */
  rejoin: (roomId: string, key: string) => request<JoinResponse>('POST', `/api/rooms/${encodeURIComponent(roomId)}/rejoin`, { key }),
  privateLink: (roomId: string, token: string) =>
    request<PrivateLink>('POST', `/api/rooms/${encodeURIComponent(roomId)}/private-link`, {}, token),
  room: (roomId: string, token: string) => request<RoomDetails>('GET', `/api/rooms/${encodeURIComponent(roomId)}`, undefined, token),
  questions: (token: string, filter: QuestionFilter) => {
    const query = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
    return request<{ questions: Question[] }>('GET', `/api/questions?${query.toString()}`, undefined, token);
  },
  createQuestion: (token: string, input: QuestionInput) => request<{ question: Question }>('POST', '/api/questions', input, token),
  updateQuestion: (token: string, id: string, input: QuestionInput) =>
    request<{ question: Question }>('PUT', `/api/questions/${encodeURIComponent(id)}`, input, token),
  deleteQuestion: (token: string, id: string) => request<{ deleted: boolean }>('DELETE', `/api/questions/${encodeURIComponent(id)}`, undefined, token),
  exportQuestions: (token: string) => request<QuestionExport>('GET', '/api/questions/export', undefined, token),
  importQuestions: (token: string, body: unknown) => request<{ imported: number }>('POST', '/api/questions/import', body, token),
  reportMarkdown: (roomId: string, token: string) =>
    request<string>('GET', `/api/rooms/${encodeURIComponent(roomId)}/report`, undefined, token, 'text/markdown'),
  reportJson: (roomId: string, token: string) =>
    request<InterviewReport>('GET', `/api/rooms/${encodeURIComponent(roomId)}/report`, undefined, token, 'application/json'),
  replay: (roomId: string, token: string) => request<ReplayResponse>('GET', `/api/rooms/${encodeURIComponent(roomId)}/replay`, undefined, token),
  createInvite: (roomId: string, token: string, role: Role) =>
    request<{ role: Role; invite: InviteLink }>('POST', `/api/rooms/${encodeURIComponent(roomId)}/invites`, { role }, token),
  revokeInvites: (roomId: string, token: string, role: Role) =>
    request<{ role: Role; revoked: number }>('DELETE', `/api/rooms/${encodeURIComponent(roomId)}/invites/${role}`, undefined, token),
  end: (roomId: string, token: string) => request<{ room: RoomInfo }>('POST', `/api/rooms/${encodeURIComponent(roomId)}/end`, {}, token),
};
