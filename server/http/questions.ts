/**
 * The question bank API, `/api/questions`. Questions carry interviewer guidance, so every route
 * needs either the session of someone who is an interviewer in their room right now, or the
 * server's create key (`DUET_CREATE_KEY`, for scripts that manage the bank).
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { QuestionFilter, QuestionInput } from '../../shared/questions.js';
import { sameSecret, type TokenService } from '../auth/index.js';
import { badRequest, unauthorized } from '../errors.js';
import type { QuestionBank } from '../questions/bank.js';
import { QuestionFilterSchema, QuestionImportSchema, QuestionInputSchema } from '../questions/schemas.js';
import { authorize, type RoomService } from '../rooms/index.js';
import { copySuite } from '../rooms/flow.js';
import { bearerToken, parseBody } from './middleware.js';

export interface QuestionsRouterOptions {
  bank: QuestionBank;
  rooms: RoomService;
  tokens: TokenService;
  createKey: string | undefined;
}

/** zod's output with `undefined` in optional fields, turned into the exact shared type. */
function toInput(parsed: ReturnType<typeof QuestionInputSchema.parse>): QuestionInput {
  const { starterCode, examples, tests, sqlSeed, guidance, ...rest } = parsed;
  const { hiddenTests, ...guidanceRest } = guidance;
  const input: QuestionInput = { ...rest, guidance: hiddenTests ? { ...guidanceRest, hiddenTests: copySuite(hiddenTests) } : guidanceRest };
  if (tests) input.tests = copySuite(tests);
  if (sqlSeed !== undefined) input.sqlSeed = sqlSeed;
  if (starterCode) input.starterCode = Object.fromEntries(Object.entries(starterCode).filter(([, v]) => v !== undefined));
  if (examples) input.examples = examples.map(({ explanation, ...e }) => (explanation === undefined ? e : { ...e, explanation }));
  return input;
}

export function questionsRouter({ bank, rooms, tokens, createKey }: QuestionsRouterOptions): Router {
  const router = Router();

  const interviewerOrKey = async (req: Request, _res: Response, next: NextFunction) => {
    const token = bearerToken(req);
    if (!token) throw unauthorized('send an interviewer session token (or the create key) as Authorization: Bearer <token>');
    if (createKey !== undefined && sameSecret(token, createKey)) return next();
    const who = await rooms.identify(tokens.verifySession(token));
    authorize(who.room, who, { type: 'questions:use' });
    next();
  };
  router.use('/questions', interviewerOrKey);

  const param = (req: Request) => (typeof req.params['id'] === 'string' ? req.params['id'] : '');

  router.get('/questions', async (req, res) => {
    const parsed = QuestionFilterSchema.safeParse(req.query);
    if (!parsed.success) throw badRequest(`bad filter: ${parsed.error.issues[0]?.path.join('.') ?? ''}`);
    const filter = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined && v !== '')) as QuestionFilter;
    res.json({ questions: await bank.list(filter) });
  });

  // Before `/questions/:id`, so "export" is never taken for an id.
  router.get('/questions/export', async (_req, res) => {
    res.setHeader('Content-Disposition', 'attachment; filename="duet-questions.json"');
    res.json(await bank.export());
  });

  router.post('/questions/import', async (req, res) => {
    const { questions } = parseBody(QuestionImportSchema, req.body);
    const imported = await bank.import(questions.map(({ id, source: _source, ...q }) => ({ ...toInput(q), ...(id ? { id } : {}) })));
    res.json({ imported: imported.length, questions: imported });
  });

  router.get('/questions/:id', async (req, res) => {
    res.json({ question: await bank.require(param(req)) });
  });

  router.post('/questions', async (req, res) => {
    res.status(201).json({ question: await bank.create(toInput(parseBody(QuestionInputSchema, req.body))) });
  });

  router.put('/questions/:id', async (req, res) => {
    res.json({ question: await bank.update(param(req), toInput(parseBody(QuestionInputSchema, req.body))) });
  });

  router.delete('/questions/:id', async (req, res) => {
    await bank.remove(param(req));
    res.json({ deleted: true });
  });

  return router;
}
