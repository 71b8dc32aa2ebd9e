/**
 * An error a person can act on: a stable code, an HTTP status for the API edge, and a sentence.
 * Services throw these; the HTTP edge answers them as `{ error: { code, message } }`.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
  }
}
