/**
 * The follow state of one page: whom this person follows (clicked in the people list, or the
 * interviewer who asked everyone to follow them), applying that person's view as it changes, and
 * stopping on any own scroll or edit outside the people list.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { EditorView } from '@codemirror/view';
import type { RoomConnection } from '../lib/connection.js';
import type { Viewport } from '../board/viewport.js';
import { applyView, OWN_INPUT_EVENTS, shareView, viewOf } from './follow.js';

export interface FollowState {
  /** The participant followed, or null. */
  following: string | null;
  follow: (participantId: string | null) => void;
}

/** Elements marked with this attribute (the people list) do not count as own input. */
export const FOLLOW_CONTROLS_ATTR = 'data-follow-controls';

export function useFollow(conn: RoomConnection, youId: string, leader: string | null, editor: EditorView | null, viewport: Viewport): FollowState {
  const [following, setFollowing] = useState<string | null>(null);
  const editorRef = useRef(editor);
  editorRef.current = editor;

  // Everyone shares their own view, for whoever follows them.
  useEffect(() => shareView(conn.padProvider.awareness, () => editorRef.current, viewport), [conn, viewport]);

  // "Everyone follow me": follow the leader when asked, stop when they stop asking.
  const lastLeader = useRef<string | null>(null);
  useEffect(() => {
    if (leader && leader !== youId) setFollowing(leader);
    else if (!leader) setFollowing((current) => (current !== null && current === lastLeader.current ? null : current));
    lastLeader.current = leader;
  }, [leader, youId]);

  useEffect(() => {
    if (!following) return;
    const awareness = conn.padProvider.awareness;
    const apply = (): void => {
      const view = viewOf(awareness.getStates() as Map<number, Record<string, unknown>>, following);
      if (view) applyView(view, editorRef.current, viewport);
    };
    const stop = (e: Event): void => {
      if (e.target instanceof Element && e.target.closest(`[${FOLLOW_CONTROLS_ATTR}]`)) return;
      setFollowing(null);
    };
    awareness.on('change', apply);
    for (const type of OWN_INPUT_EVENTS) document.addEventListener(type, stop, true);
    apply();
    return () => {
      awareness.off('change', apply);
      for (const type of OWN_INPUT_EVENTS) document.removeEventListener(type, stop, true);
    };
  }, [conn, following, viewport]);

  return { following, follow: setFollowing };
}
