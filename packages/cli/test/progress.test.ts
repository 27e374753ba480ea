import { eventually } from '@journeykit/test-support/http';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, formatDuration } from '../src/progress.js';

/** A stand-in terminal: cli-progress only needs write(), isTTY and columns (the terminal is what this isolates). */
function terminal(isTTY: boolean): { stream: NodeJS.WriteStream; text(): string } {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream & PassThrough;
  Object.assign(stream, { isTTY, columns: 160 });
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return { stream, text: () => text };
}

describe('progress', () => {
  it('on a terminal: a bar with the count, rate, ETA and failures', async () => {
    const tty = terminal(true);
    const progress = createProgress(tty.stream, 100);
    progress.update({ done: 40, failed: 2 });
    // The bar redraws on its own timer (5 frames a second): wait for the frame that shows the update.
    await eventually(() => expect(tty.text()).toMatch(/40\/100 lines \| [\d,]+ lines\/s \| ETA \d+s \| 2 failed/));
    progress.stop({ done: 100, failed: 2 });
    const text = tty.text();
    expect(text).toMatch(/\d+% \| 40\/100 lines \| [\d,]+ lines\/s \| ETA \d+s \| 2 failed/);
    expect(text).toMatch(/100% \| 100\/100 lines/);
  });

  it('on a terminal, a message (Ctrl-C) stops the bar so it is not drawn over', async () => {
    const tty = terminal(true);
    const progress = createProgress(tty.stream, 100);
    progress.update({ done: 10, failed: 0 });
    progress.interrupt('SIGINT: starting no new lines\n');
    const after = tty.text().length;
    progress.update({ done: 20, failed: 0 });
    // A real sleep on purpose: it shows the bar does NOT redraw over the message (two of its frames).
    await new Promise((r) => setTimeout(r, 400));
    progress.stop({ done: 20, failed: 0 });
    expect(tty.text().slice(after - 'SIGINT: starting no new lines\n'.length)).toBe('SIGINT: starting no new lines\n');
  });

  it('on a terminal with stdin as input (no total): count, rate and failures, no ETA', async () => {
    const tty = terminal(true);
    const progress = createProgress(tty.stream, undefined);
    progress.update({ done: 7, failed: 0 });
    progress.stop({ done: 7, failed: 0 });
    expect(tty.text()).toMatch(/7 lines \| [\d,]+ lines\/s \| 0 failed/);
    expect(tty.text()).not.toContain('ETA');
  });

  it('elsewhere: plain lines, at most one per interval', () => {
    const pipe = terminal(false);
    const progress = createProgress(pipe.stream, 1000, 0);
    progress.update({ done: 250, failed: 3 });
    progress.update({ done: 500, failed: 3 });
    const lines = pipe.text().trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^progress: 250\/1,000 \(25\.0%\) lines, [\d,]+ lines\/s, ETA \S+, 3 failed$/);
    const quiet = terminal(false);
    const slow = createProgress(quiet.stream, 1000, 60_000);
    slow.update({ done: 1, failed: 0 });
    expect(quiet.text()).toBe('');
  });

  it.each([
    [0.04, '0.0s'],
    [4.26, '4.3s'],
    [42, '42s'],
    [65, '1m 05s'],
    [3780, '1h 03m'],
    [Number.NaN, '?'],
  ])('formats %d s as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
