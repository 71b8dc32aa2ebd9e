// Mount the protocol's route table on fastify: parse params, query and body with the route's own
// schemas at the edge, check access, and answer errors in one shape with a stable code.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasRole, type ApiError, type RouteDef, type StaffUser } from '@glassbay/protocol';
import { AppError } from '../domain/errors.ts';
import type { z } from 'zod';

/** Kept for the HTTP edge's readers: an AppError is what every handler throws. */
export { AppError as HttpError };

export const errorBody = (code: string, message: string, issues?: { path: string; message: string }[]): ApiError => ({
  error: { code, message, ...(issues ? { issues } : {}) },
});

type In<S> = [Exclude<S, undefined>] extends [z.ZodType] ? z.infer<Exclude<S, undefined>> : undefined;
export interface HandlerInput<R extends RouteDef> {
  params: In<R['params']>;
  query: In<R['query']>;
  body: In<R['body']>;
  /** The signed-in staff member; always present on operations that need a role. */
  staff: R['access'] extends 'public' ? StaffUser | undefined : StaffUser;
  req: FastifyRequest;
  reply: FastifyReply;
}
export type Handler<R extends RouteDef> = (
  input: HandlerInput<R>,
) => z.infer<R['response']> | Promise<z.infer<R['response']>>;

function parsePart(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const r = schema.safeParse(value ?? {});
  if (!r.success)
    throw new AppError(
      400,
      'VALIDATION_FAILED',
      `the ${where} is not valid`,
      r.error.issues.map((i) => ({ path: [where, ...i.path].join('.'), message: i.message })),
    );
  return r.data;
}

/** Who is calling: the staff member behind the request's session cookie, if any. */
export type Authenticate = (req: FastifyRequest) => StaffUser | undefined;

export type Mount = <R extends RouteDef>(route: R, handler: Handler<R>) => void;

/** Mount operations of the protocol's route table: authorise, parse, then call the handler. */
export function createMount(app: FastifyInstance, authenticate: Authenticate): Mount {
  return (route, handler) => {
    app.route({
      method: route.method,
      url: route.path,
      handler: async (req, reply) => {
        const staff = authenticate(req);
        if (route.access !== 'public') {
          if (!staff) throw new AppError(401, 'STAFF_LOGIN_REQUIRED', 'sign in to the staff console to do this');
          if (!hasRole(staff.role, route.access))
            throw new AppError(
              403,
              'ROLE_REQUIRED',
              `this needs the ${route.access} role; you are signed in as ${staff.role}`,
            );
        }
        const input = {
          params: parsePart(route.params, req.params, 'path'),
          query: parsePart(route.query, req.query, 'query'),
          body: parsePart(route.body, req.body, 'body'),
          staff,
          req,
          reply,
        } as HandlerInput<typeof route>;
        return handler(input);
      },
    });
  };
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (err instanceof AppError) return reply.status(err.status).send(errorBody(err.code, err.message, err.issues));
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return reply
        .status(413)
        .send(errorBody('BODY_TOO_LARGE', 'the request body is larger than this endpoint accepts'));
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      return reply
        .status(415)
        .send(errorBody('UNSUPPORTED_MEDIA_TYPE', 'send JSON with Content-Type: application/json'));
    if (err.statusCode && err.statusCode < 500)
      return reply.status(err.statusCode).send(errorBody('BAD_REQUEST', err.message));
    req.log.error({ err }, 'request failed');
    return reply.status(500).send(errorBody('INTERNAL', 'the hub could not complete this request; see its log'));
  });
}
