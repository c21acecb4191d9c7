/**
 * The one error handler. Known errors become their page or JSON with their status; anything else
 * is logged with the request id and shown as a plain apology that leaks nothing.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HavenError, ValidationError } from '../core/errors.ts';

const wantsJson = (request: FastifyRequest): boolean =>
  request.url.startsWith('/api/') || !(request.headers.accept ?? '').includes('text/html');

function respond(request: FastifyRequest, reply: FastifyReply, status: number, code: string, message: string, issues?: unknown) {
  if (wantsJson(request)) {
    return reply.status(status).send({ error: { code, message, ...(issues ? { issues } : {}), requestId: request.id } });
  }
  const title = status === 404 ? 'Page not found' : status === 403 ? 'You do not have access to this' : status === 401 ? 'Sign in to continue' : status < 500 ? 'There is a problem' : 'Sorry, there is a problem with the service';
  return reply.render('error.njk', { title, message, status }, status);
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) =>
    respond(request, reply, 404, 'NOT_FOUND', 'If you typed the web address, check it is correct. If you pasted it, check you copied the whole address.'),
  );

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ValidationError) return respond(request, reply, 400, error.code, 'Check the highlighted fields', error.issues);
    if (error instanceof HavenError) return respond(request, reply, error.status, error.code, error.message);
    if (error.validation) {
      return respond(request, reply, 400, 'VALIDATION', `The request is not valid: ${error.message}`);
    }
    if (error.statusCode === 429) return respond(request, reply, 429, 'RATE_LIMITED', 'Too many requests. Wait a minute and try again.');
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return respond(request, reply, error.statusCode, 'BAD_REQUEST', 'The request could not be understood.');
    }
    request.log.error({ err: error }, 'request failed');
    return respond(request, reply, 500, 'INTERNAL', `Try again later. If it keeps happening, give the service desk this reference: ${request.id}`);
  });
}
