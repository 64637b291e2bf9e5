/** `GET /api/rooms/:id/report`: the interview report, as JSON or Markdown by `Accept`. */
import { Router, type Request } from 'express';
import type { TokenService } from '../auth/index.js';
import type { DocRegistry } from '../collab/registry.js';
import { loadReport } from '../report/load.js';
import { reportToMarkdown } from '../report/markdown.js';
import { authorize, type RoomService } from '../rooms/index.js';
import type { Store } from '../store/index.js';
import { requireSession, session } from './middleware.js';

export function reportRouter({ rooms, tokens, registry, store }: { rooms: RoomService; tokens: TokenService; registry: DocRegistry; store: Store }): Router {
  const router = Router();
  router.get('/rooms/:id/report', requireSession(tokens), async (req: Request, res) => {
    const who = await rooms.identify(session(req));
    authorize(who.room, who, { type: 'report:read' });
    const report = await loadReport(rooms, registry, who, store);
    res.setHeader('Cache-Control', 'no-store');
    if (req.accepts(['application/json', 'text/markdown']) === 'text/markdown') {
      res.type('text/markdown; charset=utf-8').send(reportToMarkdown(report));
    } else {
      res.json(report);
    }
  });
  return router;
}
