/**
 * The one catalogue of Scangate errors. Each has a stable code (`SCANGATE_ERR_<AREA>_<WHAT>`),
 * a human message and the HTTP status the API answers with. `service/http/error-handler.ts`
 * maps them to `{ error, code, message, field? }` JSON; nothing else reaches a client.
 */
export class ScangateError extends Error {
  readonly code: string;
  readonly status: number;
  /** Path of the offending input field, when the error is about one. */
  readonly field?: string;

  constructor(code: string, status: number, message: string, field?: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.status = status;
    this.field = field;
  }
}

function defineError(code: string, status: number) {
  return class extends ScangateError {
    constructor(message: string, field?: string) {
      super(code, status, message, field);
    }
  };
}

export const ValidationError = defineError('SCANGATE_ERR_INPUT_INVALID', 400);
export const UnauthenticatedError = defineError('SCANGATE_ERR_AUTH_MISSING', 401);
export const ForbiddenError = defineError('SCANGATE_ERR_AUTH_FORBIDDEN', 403);
export const NotFoundError = defineError('SCANGATE_ERR_NOT_FOUND', 404);
export const ConflictError = defineError('SCANGATE_ERR_SCAN_CONFLICT', 409);
export const PayloadTooLargeError = defineError('SCANGATE_ERR_INPUT_TOO_LARGE', 413);
export const UnsupportedMediaTypeError = defineError('SCANGATE_ERR_INPUT_MEDIA_TYPE', 415);
export const ImageRejectedError = defineError('SCANGATE_ERR_IMAGE_REJECTED', 422);
export const ServiceUnavailableError = defineError('SCANGATE_ERR_UNAVAILABLE', 503);

/** A kernel was called with arguments it cannot honour; raised before WASM memory is touched. */
export const KernelArgumentError = defineError('SCANGATE_ERR_KERNEL_ARGUMENT', 500);

/**
 * A scan that can never be analysed (corrupt blob, image the pipeline rejects): the worker scores it
 * red at once with this message instead of retrying.
 */
export const UnanalysableScanError = defineError('SCANGATE_ERR_SCAN_UNANALYSABLE', 500);

/**
 * Builds the sharp-style message "Expected <what> for <name> but received <value>".
 * @example invalidParameter('width', 'integer 1..8192', 0)
 */
export function invalidParameter(name: string, expected: string, received: unknown): string {
  const shown = typeof received === 'string' ? JSON.stringify(received) : String(received);
  return `Expected ${expected} for ${name} but received ${shown}`;
}
