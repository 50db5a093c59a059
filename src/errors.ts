/**
 * Errors a user can act on. Each carries a stable `code` (callers and tests match on it,
 * never on message text) and a message written for the person running the tool.
 */
export type ErrorCode =
  | 'INPUT_NOT_FOUND'
  | 'INPUT_NOT_TEXT'
  | 'INPUT_EMPTY'
  | 'INPUT_CHANGED'
  | 'NO_NOTES'
  | 'INVALID_JSON'
  | 'INVALID_FIELD'
  | 'INVALID_CONFIG'
  | 'USAGE'
  | 'LOCKED'
  | 'WRITE_FAILED'
  | 'ARCHIVE_UNAVAILABLE';

export class CitecheckError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CitecheckError';
    this.code = code;
  }
}

export function isCitecheckError(value: unknown): value is CitecheckError {
  return value instanceof CitecheckError;
}
