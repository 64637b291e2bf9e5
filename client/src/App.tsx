import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useRoute } from './router.js';
import { CreatePage } from './pages/CreatePage.js';
import { JoinPage } from './pages/JoinPage.js';

type RoomPage = (props: { roomId: string }) => JSX.Element;

/**
 * The room and playback (CodeMirror, Yjs, socket.io, the board) are their own chunks, so the
 * create and join pages stay light.
 */
function LazyPage(props: { roomId: string; what: string; load: () => Promise<RoomPage> }): JSX.Element {
  const [Page, setPage] = useState<{ page: RoomPage } | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    props.load().then((page) => setPage({ page }), () => setFailed(true));
  }, []);
  if (failed) return <main class="narrow"><p role="alert">Could not load {props.what}. Check your connection and reload.</p></main>;
  if (!Page) return <main class="narrow"><p class="muted">Loading {props.what}…</p></main>;
  return <Page.page roomId={props.roomId} />;
}

const loadRoom = () => import('./pages/RoomPage.js').then((m) => m.RoomPage);
const loadReport = () => import('./pages/ReportPage.js').then((m) => m.ReportPage);
const loadPlayback = () => import('./pages/PlaybackPage.js').then((m) => m.PlaybackPage);

export function App(): JSX.Element {
  const route = useRoute();
  switch (route.page) {
    case 'create':
      return <CreatePage />;
    case 'join':
      return <JoinPage key={route.invite} invite={route.invite} />;
    case 'room':
      return <LazyPage key={route.roomId} roomId={route.roomId} what="the room" load={loadRoom} />;
    case 'playback':
      return <LazyPage key={`${route.roomId}/playback`} roomId={route.roomId} what="playback" load={loadPlayback} />;
    case 'report':
      return <LazyPage key={`${route.roomId}/report`} roomId={route.roomId} what="the report" load={loadReport} />;
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
