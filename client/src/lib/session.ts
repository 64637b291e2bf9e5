/**
 * What the tab remembers. Session tokens live in sessionStorage (per tab, gone when it closes) so
 * a reload keeps you in the room while another tab can be someone else. Layout preferences are
 * per person across tabs, in localStorage.
 */
import type { InviteLink, Participant } from '../../../shared/protocol.js';
import type { Role } from '../../../shared/roles.js';

export interface StoredSession {
  token: string;
  participant: Participant;
}

const sessionKey = (roomId: string) => `duet:session:${roomId}`;
const invitesKey = (roomId: string) => `duet:invites:${roomId}`;

function read<T>(storage: Storage, key: string): T | null {
  try {
    const raw = storage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

function write(storage: Storage, key: string, value: unknown): void {
  try {
    storage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the session then lasts until reload.
  }
}

export function loadSession(roomId: string): StoredSession | null {
  const s = read<StoredSession>(sessionStorage, sessionKey(roomId));
  return s && typeof s.token === 'string' && s.participant ? s : null;
}

export function saveSession(roomId: string, session: StoredSession): void {
  write(sessionStorage, sessionKey(roomId), session);
}

export function forgetSession(roomId: string): void {
  sessionStorage.removeItem(sessionKey(roomId));
}

export function loadInvites(roomId: string): Partial<Record<Role, InviteLink>> | null {
  return read<Partial<Record<Role, InviteLink>>>(sessionStorage, invitesKey(roomId));
}

export function saveInvites(roomId: string, invites: Partial<Record<Role, InviteLink>>): void {
  write(sessionStorage, invitesKey(roomId), invites);
}

export type Layout = 'split' | 'pad' | 'board';

export interface LayoutPrefs {
  layout: Layout;
  /** Share of the width the pad takes in split view, 0.2–0.8. */
  split: number;
}

const LAYOUT_KEY = 'duet:layout';

export function loadLayout(): LayoutPrefs {
  const stored = read<Partial<LayoutPrefs>>(localStorage, LAYOUT_KEY);
  const layout = stored?.layout === 'pad' || stored?.layout === 'board' ? stored.layout : 'split';
  const split = typeof stored?.split === 'number' && stored.split >= 0.2 && stored.split <= 0.8 ? stored.split : 0.5;
  return { layout, split };
}

export function saveLayout(prefs: LayoutPrefs): void {
  write(localStorage, LAYOUT_KEY, prefs);
}
