/** Errors of the change overlay. Messages are written for the model and the user to read. */

export class BinaryFileError extends Error {
  constructor(readonly path: string) {
    super(`${path} is a binary (or non-UTF-8) file; Foreman does not edit binary files`);
    this.name = 'BinaryFileError';
  }
}

export class FileExistsError extends Error {
  constructor(readonly path: string) {
    super(`${path} already exists; edit it instead of creating it`);
    this.name = 'FileExistsError';
  }
}

export class NotAFileError extends Error {
  constructor(readonly path: string) {
    super(`${path} is a directory, not a file`);
    this.name = 'NotAFileError';
  }
}
