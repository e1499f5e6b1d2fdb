/**
 * In-memory output streams for in-process CLI tests: `captureStream({ tty })` records every
 * byte written to it. With `tty: true` it passes for a terminal (isTTY, columns, and the
 * cursor methods of `tty.WriteStream`, which write the same ANSI sequences a terminal gets),
 * so the real `ora` animates on it.
 */
import { clearLine, cursorTo, moveCursor } from 'node:readline';
import { Writable } from 'node:stream';

/** A stream that keeps what was written; `text()` is everything so far. */
export interface CaptureStream extends Writable {
  readonly isTTY: boolean;
  readonly columns: number;
  text(): string;
  cursorTo(x: number, y?: number): boolean;
  moveCursor(dx: number, dy: number): boolean;
  clearLine(dir: -1 | 0 | 1): boolean;
}

/** A stream recording its bytes; a fake terminal 80 columns wide when `tty` is true. */
export function captureStream(options: { tty?: boolean; columns?: number } = {}): CaptureStream {
  const chunks: string[] = [];
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      chunks.push(typeof chunk === 'string' ? chunk : chunk.toString());
      done();
    },
  }) as Writable & Record<string, unknown>;
  // Writable.write is asynchronous only in its callback; the chunk is recorded synchronously.
  Object.assign(stream, {
    isTTY: options.tty === true,
    columns: options.columns ?? 80,
    text: () => chunks.join(''),
    cursorTo: (x: number, y?: number) => cursorTo(stream, x, y),
    moveCursor: (dx: number, dy: number) => moveCursor(stream, dx, dy),
    clearLine: (dir: -1 | 0 | 1) => clearLine(stream, dir),
  });
  return stream as unknown as CaptureStream;
}

/** Drops ANSI escape sequences (colours, cursor moves, line clears). */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
}

/**
 * What a terminal shows after receiving `bytes`: its lines, with carriage returns, cursor
 * moves (column, up) and line clears applied, colours dropped. Enough of a terminal to tell
 * whether a line landed on a spinner's line.
 */
export function terminalLines(bytes: string): string[] {
  const lines: string[] = [''];
  let row = 0;
  let col = 0;
  const put = (ch: string) => {
    const line = lines[row]!.padEnd(col, ' ');
    lines[row] = line.slice(0, col) + ch + line.slice(col + 1);
    col += 1;
  };
  // eslint-disable-next-line no-control-regex
  const tokens = bytes.match(/\u001b\[[0-9;?]*[A-Za-z]|[\s\S]/gu) ?? [];
  for (const token of tokens) {
    if (token === '\n') {
      row += 1;
      col = 0;
      if (lines[row] === undefined) lines[row] = '';
    } else if (token === '\r') col = 0;
    else if (token.startsWith('\u001b[')) {
      const n = Number(token.slice(2, -1).replace('?', '')) || 0;
      const op = token.slice(-1);
      if (op === 'G') col = Math.max(0, n - 1);
      else if (op === 'A') row = Math.max(0, row - Math.max(1, n));
      else if (op === 'K') lines[row] = n === 0 ? lines[row]!.slice(0, col) : '';
      else if (op === 'J') lines.splice(0, lines.length, '');
      else if (op === 'H') {
        row = 0;
        col = 0;
      }
    } else put(token);
  }
  return lines;
}
