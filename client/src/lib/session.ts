/**
 * What the browser remembers, per room, in localStorage: the session (so a new tab, another
 * window or a browser restart brings the person back with their role, for as long as the token
 * is valid) and the invite links made there. Never in a URL. Layout preferences are per person.
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

/** When a JWT expires (ms), from its payload; null if unreadable. The server still checks it. */
export function tokenExpiry(token: string): number | null {
  try {
    const payload = JSON.parse(atob((token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : null;
  } catch {
    return null;
  }
}

function valid(s: StoredSession | null): s is StoredSession {
  if (!s || typeof s.token !== 'string' || !s.participant) return false;
  const exp = tokenExpiry(s.token);
  return exp === null || exp > Date.now();
}

/**
 * The room's session: localStorage, or this tab's sessionStorage (sessions made before they were
 * kept per browser). An expired one is dropped.
 */
export function loadSession(roomId: string): StoredSession | null {
  for (const storage of [localStorage, sessionStorage]) {
    const s = read<StoredSession>(storage, sessionKey(roomId));
    if (valid(s)) return s;
    if (s) storage.removeItem(sessionKey(roomId));
  }
  return null;
}

export function saveSession(roomId: string, session: StoredSession): void {
  write(localStorage, sessionKey(roomId), session);
}

/** Signing out of a room: this browser forgets the session and the links it kept. */
export function forgetSession(roomId: string): void {
  for (const storage of [localStorage, sessionStorage]) {
    storage.removeItem(sessionKey(roomId));
    storage.removeItem(invitesKey(roomId));
  }
}

export function loadInvites(roomId: string): Partial<Record<Role, InviteLink>> | null {
  return read<Partial<Record<Role, InviteLink>>>(localStorage, invitesKey(roomId)) ?? read<Partial<Record<Role, InviteLink>>>(sessionStorage, invitesKey(roomId));
}

export function saveInvites(roomId: string, invites: Partial<Record<Role, InviteLink>>): void {
  write(localStorage, invitesKey(roomId), invites);
}

const onboardKey = (roomId: string) => `duet:onboarded:${roomId}`;

/** Whether the invite panel was dismissed for this room (it opens by itself until then). */
export function onboardingDismissed(roomId: string): boolean {
  return read<boolean>(localStorage, onboardKey(roomId)) === true;
}

export function dismissOnboarding(roomId: string): void {
  write(localStorage, onboardKey(roomId), true);
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
