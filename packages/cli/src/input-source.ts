/**
 * Opens `--file` once, whatever it is: a regular file, stdin, a pipe given as a path
 * (`/dev/stdin`, `<(cat users.ndjson)`) or a named FIFO. Only a regular file may be read a second
 * time (to count its lines for the progress bar); anything else is read once, as it comes.
 */
import { constants, createReadStream, open } from 'node:fs';
import { stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { UsageError } from './usage-error.js';

/** The input, open. */
export interface InputSource {
  /** The bytes of the input. */
  stream: Readable;
  /** A regular file: it can be read again (to count its lines) without taking lines from the run. */
  regularFile: boolean;
  /** Stops reading (a signal): releases the file, pipe or stdin, whatever the writer is doing. */
  close(): void;
}

/** Names of this process's own stdin: read as `-`, since opening them again fails for a socket and races the shell for a pipe. */
const STDIN_PATHS = new Set(['-', '/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);

/**
 * Opens `file` (`-` for stdin). A named FIFO (or a pipe behind a path) is opened without waiting
 * for a writer (a blocking open would hold a libuv thread, and with it the process's exit, for
 * good) and read as a stream socket, which ends when the writer closes it and can be closed
 * before any writer came. A path that cannot be read is a {@link UsageError}.
 *
 * @example
 * ```ts
 * const input = await openInput('users.ndjson'); // { stream, regularFile: true, close }
 * ```
 */
export async function openInput(file: string): Promise<InputSource> {
  if (STDIN_PATHS.has(file)) return fromStream(process.stdin, false);
  const info = await stat(file).catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  if (info.isDirectory()) throw new UsageError(`cannot read ${file}: it is a directory`);
  if (info.isFIFO()) {
    // A plain descriptor, not a FileHandle: the socket owns it (a FileHandle would close it when collected).
    const fd = await openFd(file, constants.O_RDONLY | constants.O_NONBLOCK).catch((err: Error) => {
      throw new UsageError(`cannot read ${file}: ${err.message}`);
    });
    return fromStream(new Socket({ fd, readable: true, writable: false }), false);
  }
  const stream = createReadStream(file);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (err) => reject(new UsageError(`cannot read ${file}: ${err.message}`)));
  });
  return fromStream(stream, info.isFile());
}

const openFd = promisify(open) as (path: string, flags: number) => Promise<number>;

function fromStream(stream: Readable, regularFile: boolean): InputSource {
  return { stream, regularFile, close: () => stream.destroy() };
}
