/** A small router over the History API: `/`, `/join/<invite>`, `/r/<roomId>`, `/r/<roomId>/playback`, `/r/<roomId>/report`. */
import { useEffect, useState } from 'preact/hooks';

export type Route = { page: 'create' } | { page: 'join'; invite: string } | { page: 'room'; roomId: string } | { page: 'playback'; roomId: string } | { page: 'report'; roomId: string } | { page: 'missing' };

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'create' };
  const join = /^\/join\/([^/]+)\/?$/.exec(pathname);
  if (join?.[1]) return { page: 'join', invite: decodeURIComponent(join[1]) };
  const room = /^\/r\/([^/]+)\/?$/.exec(pathname);
  if (room?.[1]) return { page: 'room', roomId: decodeURIComponent(room[1]) };
  const playback = /^\/r\/([^/]+)\/playback\/?$/.exec(pathname);
  if (playback?.[1]) return { page: 'playback', roomId: decodeURIComponent(playback[1]) };
  const report = /^\/r\/([^/]+)\/report\/?$/.exec(pathname);
  if (report?.[1]) return { page: 'report', roomId: decodeURIComponent(report[1]) };
  return { page: 'missing' };
}

export function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname));
  useEffect(() => {
    const onPop = (): void => setRoute(parseRoute(location.pathname));
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  return route;
}
