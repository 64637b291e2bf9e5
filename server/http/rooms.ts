/** The rooms API: create, inspect and redeem invites, read, invite, revoke, end. */
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Action } from '../../shared/policy.js';
import type { TokenService } from '../auth/index.js';
import { badRequest } from '../errors.js';
import { authorize, type Identity, type RoomService } from '../rooms/index.js';
import { parseBody, requireCreateKey, requireSession, session } from './middleware.js';
import { CreateInviteSchema, CreateRoomSchema, InspectInviteSchema, JoinSchema, RejoinSchema, RoleParamSchema } from './schemas.js';

export interface RoomsRouterOptions {
  rooms: RoomService;
  tokens: TokenService;
  /** When set, creating a room needs `Authorization: Bearer <key>`. */
  createKey: string | undefined;
}

/** A path parameter as a string (express types them loosely). */
function param(req: Request, name: string): string {
  const value = req.params[name];
  return typeof value === 'string' ? value : '';
}

export function roomsRouter({ rooms, tokens, createKey }: RoomsRouterOptions): Router {
  const router = Router();
  const authed = requireSession(tokens);
  /** A session of the room that the access policy allows `action`, as the room is now; kept for the handler. */
  const allow = (action: Action) => [
    authed,
    async (req: Request, res: Response, next: NextFunction) => {
      const who = await rooms.identify(session(req));
      authorize(who.room, who, action);
      res.locals['who'] = who;
      next();
    },
  ];
  const identity = (res: Response) => res.locals['who'] as Identity;

  router.post('/rooms', requireCreateKey(createKey), async (req, res) => {
    const input = parseBody(CreateRoomSchema, req.body);
    res.status(201).json(await rooms.create(input));
  });

  router.post('/invites/inspect', async (req, res) => {
    const { invite } = parseBody(InspectInviteSchema, req.body);
    const { room, role, seat } = await rooms.inspectInvite(invite);
    res.json({ room: { id: room.id, title: room.title, status: room.status, mode: room.mode }, role, ...(seat ? { seat } : {}) });
  });

  router.post('/rooms/:id/join', async (req, res) => {
    const { invite, name } = parseBody(JoinSchema, req.body);
    res.json(await rooms.join(param(req, 'id'), invite, name));
  });

  router.post('/rooms/:id/private-link', ...allow({ type: 'session:link' }), (_req, res) => {
    res.json(rooms.privateLink(identity(res)));
  });

  router.post('/rooms/:id/rejoin', async (req, res) => {
    const { key } = parseBody(RejoinSchema, req.body);
    res.json(await rooms.rejoin(param(req, 'id'), key));
  });

  router.get('/rooms/:id', ...allow({ type: 'room:read' }), async (_req, res) => {
    res.json(await rooms.details(identity(res)));
  });

  router.post('/rooms/:id/invites', ...allow({ type: 'invite:create' }), async (req, res) => {
    const { role, seat, ttlSeconds, maxUses } = parseBody(CreateInviteSchema, req.body);
    res.status(201).json({ role, invite: await rooms.createInvite(identity(res).room, role, { ttlSeconds, maxUses, seat }) });
  });

  router.delete('/rooms/:id/invites/:role', ...allow({ type: 'invite:revoke' }), async (req, res) => {
    const role = RoleParamSchema.safeParse(param(req, 'role'));
    if (!role.success) throw badRequest('role must be interviewer, candidate or observer');
    const revoked = await rooms.revokeInvites(param(req, 'id'), role.data, session(req).sub);
    res.json({ role: role.data, revoked });
  });

  // Erases an ended room for good; the interviewer's token stops working with it (404 after).
  router.delete('/rooms/:id', authed, async (req, res) => {
    await rooms.delete(await rooms.identify(session(req)));
    res.json({ deleted: true });
  });

  router.post('/rooms/:id/end', authed, async (req, res) => {
    res.json(await rooms.commands.end(await rooms.identify(session(req))));
  });

  return router;
}
