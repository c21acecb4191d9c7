/**
 * Structured logging with pino. A log line never carries a child's name or identifier: requests
 * are logged by their route pattern (/children/:id), never the URL with its values or query, and
 * errors by type and message only (a database error's `detail` can quote the row).
 */
import type { FastifyRequest, FastifyServerOptions } from 'fastify';

export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    serializers: {
      req(request: FastifyRequest) {
        return { method: request.method, route: request.routeOptions?.url ?? 'unmatched', ip: request.ip };
      },
      res(reply: { statusCode: number }) {
        return { statusCode: reply.statusCode };
      },
      err(error: Error & { code?: string }) {
        return { type: error.name, code: error.code, message: error.message, stack: error.stack ?? '' };
      },
    },
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', '*.password', '*.email'], censor: '[redacted]' },
  };
}
