import { createReadStream, type ReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { OboParseError } from '../obo.types';
import { CR, LF } from './chars';

export const TRUNCATED = 'the file ends in the middle of a line: truncated?';

/** The most lines read ahead: a batch of a synchronous source, or what the file reader splits before pausing. */
export const BATCH = 1024;

/** Whether the file's last byte is not a line terminator (an empty file is complete). Reads one byte. */
async function endsInMiddleOfLine(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(1), 0, 1, size - 1);
    const last = buffer[0];
    return bytesRead === 1 && last !== LF && last !== CR;
  } finally {
    await handle.close();
  }
}

/**
 * The lines of a file, streamed: fs.createReadStream decodes UTF-8 and the chunks are split here ("\r\n", "\n" and
 * "\r" end lines, as readline with crlfDelay Infinity; readline itself took half of the parse), handed out in
 * batches of what has been split so far, pausing the stream when BATCH lines wait.
 *
 * The last line is held back until the end of the file: if the file does not end with a line terminator (checked on
 * its last byte before streaming), that line is never handed out and an OboParseError for it is thrown instead.
 */
export class FileLines implements AsyncIterable<string> {
  private input: ReadStream | null = null;
  private pending: string[] = [];
  /** The start of a line whose end is in a later chunk. */
  private carry = '';
  /** The last chunk ended with "\r": a "\n" starting the next one belongs to the same line end. */
  private carriageReturn = false;
  private count = 0;
  private truncated = false;
  private ended = false;
  private paused = false;
  private error: unknown = null;
  private wake: (() => void) | null = null;

  constructor(readonly file: string) {}

  private readonly notify = (): void => {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  };

  private line(text: string): void {
    this.pending.push(text);
    this.count++;
  }

  /** Splits a chunk into lines; the text after its last line end waits in `carry`. */
  private split(chunk: string): void {
    let start = this.carriageReturn && chunk.charCodeAt(0) === LF ? 1 : 0;
    this.carriageReturn = false;
    if (chunk.indexOf('\r', start) < 0) {
      // The usual case, "\n" only: indexOf finds each end.
      for (let end = chunk.indexOf('\n', start); end >= 0; end = chunk.indexOf('\n', start)) {
        this.line(this.carry + chunk.slice(start, end));
        this.carry = '';
        start = end + 1;
      }
    } else {
      for (let i = start; i < chunk.length; i++) {
        const c = chunk.charCodeAt(i);
        if (c !== LF && c !== CR) continue;
        this.line(this.carry + chunk.slice(start, i));
        this.carry = '';
        if (c === CR) {
          if (i + 1 === chunk.length) this.carriageReturn = true;
          else if (chunk.charCodeAt(i + 1) === LF) i++;
        }
        start = i + 1;
      }
    }
    this.carry += chunk.slice(start);
  }

  private async open(): Promise<ReadStream> {
    this.truncated = await endsInMiddleOfLine(this.file);
    const input = createReadStream(this.file, { encoding: 'utf8' });
    input.on('data', (chunk: string | Buffer) => {
      this.split(chunk as string);
      if (this.pending.length >= BATCH && !this.paused) {
        this.paused = true;
        input.pause();
      }
      this.notify();
    });
    input.on('end', () => {
      // A last line without a line end (the file is truncated: see next()).
      if (this.carry !== '') this.line(this.carry);
      this.carry = '';
      this.ended = true;
      this.notify();
    });
    input.on('error', (error) => {
      this.error = error;
      this.notify();
    });
    this.input = input;
    return input;
  }

  /** The next lines (never an empty batch), or null at the end of the file. */
  async next(): Promise<string[] | null> {
    const input = this.input ?? (await this.open());
    for (;;) {
      if (this.error !== null) throw this.error;
      const final = this.ended && !this.truncated;
      if (this.pending.length > 1 || (final && this.pending.length > 0)) {
        const batch = this.pending;
        this.pending = final ? [] : [batch.pop() as string];
        if (this.paused) {
          this.paused = false;
          input.resume();
        }
        return batch;
      }
      if (this.ended) {
        if (this.truncated && this.count > 0) throw new OboParseError(this.count, TRUNCATED, this.file);
        return null;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  /** Stops reading and closes the file. */
  close(): void {
    this.ended = true;
    this.truncated = false;
    this.pending = [];
    this.input?.destroy();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<string> {
    try {
      for (let batch = await this.next(); batch !== null; batch = await this.next()) yield* batch;
    } finally {
      this.close();
    }
  }
}
