// The one error class for expected problems: bad input, missing files, wrong versions, not enough memory.

/**
 * An expected problem the user can fix. Entry points print `message` as one line and exit with
 * `exitCode` (2 for bad arguments, 1 otherwise); anything that is not a UserError is a bug and keeps
 * its stack trace.
 */
export class UserError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}

/** A bad command-line or function argument: exit code 2, like a usage error. */
export class ArgumentError extends UserError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'ArgumentError';
  }
}
