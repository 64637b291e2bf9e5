import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useRoute } from './router.js';
import { CreatePage } from './pages/CreatePage.js';
import { JoinPage } from './pages/JoinPage.js';

type RoomPageModule = typeof import('./pages/RoomPage.js');

/** The room (CodeMirror, Yjs, socket.io) is its own chunk, so the create and join pages stay light. */
function LazyRoom(props: { roomId: string }): JSX.Element {
  const [mod, setMod] = useState<RoomPageModule | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    import('./pages/RoomPage.js').then(setMod, () => setFailed(true));
  }, []);
  if (failed) return <main class="narrow"><p role="alert">Could not load the room. Check your connection and reload.</p></main>;
  if (!mod) return <main class="narrow"><p class="muted">Loading the room…</p></main>;
  return <mod.RoomPage roomId={props.roomId} />;
}

export function App(): JSX.Element {
  const route = useRoute();
  switch (route.page) {
    case 'create':
      return <CreatePage />;
    case 'join':
      return <JoinPage key={route.invite} invite={route.invite} />;
    case 'room':
      return <LazyRoom key={route.roomId} roomId={route.roomId} />;
    case 'missing':
      return (
        <main class="narrow">
          <h1>Page not found</h1>
          <p>
            <a href="/">Create an interview</a>
          </p>
        </main>
      );
  }
}
