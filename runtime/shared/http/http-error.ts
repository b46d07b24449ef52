/** A request the API refuses: becomes `{ error: { code, message, field?, ...details } }` with this status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (what: string, id: string, field: string) => new HttpError(404, 'not_found', `${what} ${id} does not exist`, field);
