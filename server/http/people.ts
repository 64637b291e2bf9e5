/**
 * The people API: an interviewer admits or denies someone in the waiting room, removes a
 * participant, changes a role, locks the pad. The room service checks each against the access
 * policy with the room and the people as stored, and applies it to open connections at once.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import { ROLES } from '../../shared/roles.js';
import type { TokenService } from '../auth/index.js';
import type { RoomService } from '../rooms/index.js';
import { toParticipant } from '../rooms/index.js';
import { parseBody, requireSession, session } from './middleware.js';

const ChangeRoleSchema = z.object({ role: z.enum(ROLES) }).strict();
const PadLockSchema = z.object({ locked: z.boolean() }).strict();

const param = (req: Request, name: string): string => {
  const value = req.params[name];
  return typeof value === 'string' ? value : '';
};

export function peopleRouter({ rooms, tokens }: { rooms: RoomService; tokens: TokenService }): Router {
  const router = Router();
  const authed = requireSession(tokens);
  const asker = (req: Request) => rooms.identify(session(req));
  /** The participant as the room shows them now (with their status). */
  const shown = async (req: Request, record: Parameters<typeof toParticipant>[0]) => ({ participant: toParticipant(record, await rooms.requireRoom(param(req, 'id'))) });

  router.post('/rooms/:id/participants/:participantId/admit', authed, async (req, res) => {
    res.json(await shown(req, await rooms.people.admit(await asker(req), param(req, 'participantId'))));
  });

  router.post('/rooms/:id/participants/:participantId/deny', authed, async (req, res) => {
    res.json(await shown(req, await rooms.people.deny(await asker(req), param(req, 'participantId'))));
  });

  router.delete('/rooms/:id/participants/:participantId', authed, async (req, res) => {
    res.json(await shown(req, await rooms.people.remove(await asker(req), param(req, 'participantId'))));
  });

  router.patch('/rooms/:id/participants/:participantId', authed, async (req, res) => {
    const { role } = parseBody(ChangeRoleSchema, req.body);
    res.json(await shown(req, await rooms.people.setRole(await asker(req), param(req, 'participantId'), role)));
  });

  router.post('/rooms/:id/lock', authed, async (req, res) => {
    const { locked } = parseBody(PadLockSchema, req.body);
    res.json(await rooms.people.lockPad(await asker(req), locked));
  });

  return router;
}
