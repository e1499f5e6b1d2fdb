/**
 * A line written while a spinner turns goes on a line of its own, above the spinner, which
 * re-appears after it: the real `ora` on a fake terminal, checked byte by byte.
 */
import ora from 'ora';
import { describe, expect, it } from 'vitest';
import { createIo, type Io, type SpinnerFactory } from '../../src/cli/output/io.js';
import { captureStream, stripAnsi, terminalLines } from '../helpers/streams.js';

// The real ora; enabled explicitly because vitest may run with CI set.
const realOra: SpinnerFactory = (options) =>
  ora({ ...options, isEnabled: true, discardStdin: false });

function terminalIo(): { io: Io; bytes: () => string } {
  const terminal = captureStream({ tty: true });
  const io = createIo({
    json: false,
    color: false,
    verbose: true,
    interactive: true,
    spinner: realOra,
    stdout: terminal,
    stderr: terminal,
  });
  return { io, bytes: () => terminal.text() };
}

const STEP = '[4/5] done in 1.5 s';
const WAITING = 'us-west-2 dial set to 0%; waiting for the accelerator to deploy it';

describe('a line written while a spinner turns', () => {
  it.each([
    ['info', (io: Io) => io.info(STEP), STEP],
    ['warn', (io: Io) => io.warn(STEP), `warning: ${STEP}`],
    ['error', (io: Io) => io.error(STEP), STEP],
    ['debug', (io: Io) => io.debug(STEP), STEP],
    ['result (stdout)', (io: Io) => io.result(STEP), STEP],
  ])('%s: clears the spinner, writes the line, redraws the spinner', (_name, write, line) => {
    const { io, bytes } = terminalIo();
    const progress = io.progress(WAITING);
    const before = bytes().length;
    write(io);
    const written = bytes().slice(before);
    progress.stop();

    // The bytes: clear the spinner's line (column 1, erase to the end), the line and its
    // newline, then one spinner frame: a single symbol, a space and the spinner's text.
    const clear = '\u001b[1G\u001b[0K';
    expect(written.startsWith(`${clear}${line}\n`)).toBe(true);
    const redraw = stripAnsi(written.slice(clear.length + line.length + 1));
    expect(redraw).toHaveLength(WAITING.length + 2);
    expect(redraw.slice(1)).toBe(` ${WAITING}`);
    expect(redraw[0]).not.toBe(' ');

    // The screen just after the write: the line alone, the spinner on the line below.
    const screen = terminalLines(bytes().slice(0, before + written.length));
    expect(screen.slice(-2)).toEqual([line, `${redraw[0]} ${WAITING}`]);
  });

  it('leaves no spinner on screen once stopped, and lines after it are plain', () => {
    const { io, bytes } = terminalIo();
    const progress = io.progress(WAITING);
    io.info('[1/5] lock taken');
    io.info('[2/5] checks passed');
    progress.succeed('failover abc123 completed');
    io.info('after');
    const screen = terminalLines(bytes()).filter((l) => l.trim() !== '');
    expect(screen).toEqual([
      '[1/5] lock taken',
      '[2/5] checks passed',
      expect.stringMatching(/^\S failover abc123 completed$/u),
      'after',
    ]);
  });

  it('without a spinner (a pipe) writes plain lines and no escape sequences', () => {
    const stderr = captureStream();
    const io = createIo({
      json: false,
      color: false,
      verbose: false,
      interactive: false,
      stdout: captureStream(),
      stderr,
    });
    const progress = io.progress(WAITING);
    io.info(STEP);
    progress.succeed('done');
    expect(stderr.text()).toBe(`${WAITING}\n${STEP}\ndone\n`);
  });
});
