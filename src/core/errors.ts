/**
 * Typed errors with stable codes. One error handler (src/web/errors.ts) turns them into pages or
 * JSON; nothing else decides what a user sees when something fails.
 */
export class HavenError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends HavenError {
  constructor(message = 'Page not found') {
    super('NOT_FOUND', 404, message);
  }
}

export class ForbiddenError extends HavenError {
  constructor(message = 'You do not have access to this') {
    super('FORBIDDEN', 403, message);
  }
}

export class UnauthenticatedError extends HavenError {
  constructor(message = 'Sign in to continue') {
    super('UNAUTHENTICATED', 401, message);
  }
}

export class ConflictError extends HavenError {
  constructor(message: string) {
    super('CONFLICT', 409, message);
  }
}

/** A field-level problem, worded for the GOV.UK error summary ("Enter your email address"). */
export type FieldIssue = { field: string; message: string };

export class ValidationError extends HavenError {
  constructor(readonly issues: FieldIssue[]) {
    super('VALIDATION', 400, issues.map((i) => `${i.field}: ${i.message}`).join('; '));
  }
}
