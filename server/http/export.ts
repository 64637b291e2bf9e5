/**
 * `GET /api/rooms/:id/export` (interviewer: the room as one bundle) and `POST /api/rooms/import`
 * (with the create key where one is set: the bundle as a new room). Mounted before the API's own
 * JSON parser: a bundle holds a whole interview's history, far past the API's body limit, so the
 * import parses with its own limit — and only once the create key has been checked.
 */
import express, { Router } from 'express';
import type { TokenService } from '../auth/index.js';
import { exportRoom, importRoom, type ExportDeps } from '../export/bundle.js';
import { requireCreateKey, requireSession, session } from './middleware.js';

export interface ExportRouterOptions extends ExportDeps {
  tokens: TokenService;
  createKey: string | undefined;
  maxImportBytes: number;
}

export function exportRouter(options: ExportRouterOptions): Router {
  const router = Router();
  router.get('/rooms/:id/export', requireSession(options.tokens), async (req, res) => {
    const bundle = await exportRoom(options, await options.rooms.identify(session(req)));
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Disposition', `attachment; filename="duet-room-${bundle.room.id}.json"`);
    res.json(bundle);
  });
  router.post(
    '/rooms/import',
    requireCreateKey(options.createKey),
    express.json({ limit: options.maxImportBytes, type: 'application/json' }),
    async (req, res) => {
      res.status(201).json(await importRoom(options, req.body));
    },
  );
  return router;
}
