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
    // An answer to the caller, not a fault: no stack trace to capture (a flood of refused sign-ins
    // made one per request: 4 % of the hub's time in a profile of `pnpm bench abuse`).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}
