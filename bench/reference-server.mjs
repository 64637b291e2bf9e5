/**
 * The reference: `@y/websocket-server` 0.1.1, in memory, as a child process of the harness so
 * that the RSS and CPU read from /proc are its own. Same environment contract as Duet
 * (`PORT`, `HOST`) and the same `/healthz`; the document name is the URL path (`/<room>`).
 * Plain JavaScript, so that it runs without a TypeScript loader in its process, as Duet's bundle does.
 */
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { setupWSConnection } from '@y/websocket-server/utils';

const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST ?? '127.0.0.1';

const server = http.createServer((req, res) => {
  if (req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    return;
  }
  res.writeHead(404).end();
});

const wss = new WebSocketServer({ noServer: true });
server.on('upgrade', (req, socket, head) => {
  const docName = new URL(req.url ?? '/', 'http://x').pathname.slice(1);
  wss.handleUpgrade(req, socket, head, (ws) => {
    // Gotcha 2 of toolchain.md: pass docName, or it is derived from the raw URL.
    setupWSConnection(ws, req, { docName, gc: true });
  });
});

server.listen(port, host);

// Exit through process.exit so that `--cpu-prof` writes its profile.
const stop = () => {
  for (const ws of wss.clients) ws.terminate();
  server.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
