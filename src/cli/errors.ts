/** Bad input from the user: printed as one line on stderr, exit code 2, no stack trace. */
export class BadInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadInputError';
  }
}

export const EXIT_SOLVED = 0;
export const EXIT_NOT_SOLVED = 1;
export const EXIT_BAD_INPUT = 2;
