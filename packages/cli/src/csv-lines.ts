/**
 * The file's own line numbers for CSV records. csv-parse counts a CR and an LF inside a quoted field
 * as two lines, and reports an unclosed quote at the end of the file; so the command counts lines
 * itself, from the bytes it hands the parser, and maps a record's byte offsets to lines.
 */
import { Transform, type TransformCallback } from 'node:stream';

interface Line {
  /** Byte offset just after the line's LF (or the end of the input). */
  end: number;
  /** Nothing on it but an optional CR: csv-parse skips it as an empty line. */
  blank: boolean;
}

/**
 * A pass-through stream that notes where each line ends. Lines are forgotten once a record past
 * them was located, so memory holds only what the parser has buffered.
 *
 * @example
 * ```ts
 * const lines = new CsvLineTracker();
 * input.pipe(lines).pipe(parser);
 * lines.firstLineAfter(headerEndOffset); // 2: the line the first record starts on
 * ```
 */
export class CsvLineTracker extends Transform {
  /** Lines not yet passed, in order; the first is line number `#firstNumber`. */
  readonly #lines: Line[] = [];
  #firstNumber = 1;
  #offset = 0;
  #lineLength = 0;
  #lineCr = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let from = 0;
    for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, from)) {
      this.#note(chunk, from, at);
      this.#endLine(this.#offset + at + 1);
      from = at + 1;
    }
    this.#note(chunk, from, chunk.length);
    this.#offset += chunk.length;
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.#lineLength > 0) this.#endLine(this.#offset);
    callback();
  }

  /** How many lines the input had, once it ended. */
  get lineCount(): number {
    return this.#firstNumber - 1 + this.#lines.length;
  }

  /**
   * The number of the first line that is not blank and holds a byte at or after `offset`: where a
   * record parsed from `offset` on starts. Lines before it are forgotten.
   */
  firstLineAfter(offset: number): number {
    while (this.#lines.length > 0) {
      const line = this.#lines[0] as Line;
      if (line.end > offset && !line.blank) return this.#firstNumber;
      this.#lines.shift();
      this.#firstNumber++;
    }
    return this.#firstNumber;
  }

  #note(chunk: Buffer, from: number, to: number): void {
    if (to <= from) return;
    this.#lineLength += to - from;
    this.#lineCr = chunk[to - 1] === 0x0d;
  }

  #endLine(end: number): void {
    this.#lines.push({ end, blank: this.#lineLength === 0 || (this.#lineLength === 1 && this.#lineCr) });
    this.#lineLength = 0;
    this.#lineCr = false;
  }
}
