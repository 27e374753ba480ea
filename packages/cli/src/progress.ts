/**
 * Progress on stderr: a bar with rate and ETA (cli-progress) on a terminal, a plain line every
 * few seconds otherwise (CI logs, pipes), so a long backfill always shows it is alive.
 */
import cliProgress from 'cli-progress';

/** Counts the command reports as it goes. */
interface ProgressCounts {
  done: number;
  failed: number;
}

/** What the command reports progress to: a terminal bar or plain lines, chosen by {@link createProgress}. */
export interface Progress {
  /** The latest counts; drawn at the display's own pace, so calling it for every line costs little. */
  update(counts: ProgressCounts): void;
  /** Shows a message that must stay on screen (a bar stops drawing first; later updates are not drawn). */
  interrupt(message: string): void;
  /** Draws the final state and releases the terminal line. */
  stop(counts: ProgressCounts): void;
}

/** `1m 05s`, `42s`, `1h 03m`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 10) return `${seconds.toFixed(1)}s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

const number = new Intl.NumberFormat('en-US');
/** `80,000`: counts in the summary and progress lines, grouped so large backfills stay readable. */
export const formatCount = (n: number): string => number.format(n);

function rateOf(done: number, started: number): number {
  const seconds = (performance.now() - started) / 1000;
  return seconds > 0 ? done / seconds : 0;
}

function barProgress(stream: NodeJS.WriteStream, total: number | undefined): Progress {
  const format =
    total === undefined
      ? '{value} lines | {rate} lines/s | {failed} failed | {duration_formatted}'
      : '{bar} {percentage}% | {value}/{total} lines | {rate} lines/s | ETA {eta_formatted} | {failed} failed';
  const bar = new cliProgress.SingleBar(
    { format, stream, hideCursor: true, etaBuffer: 200, fps: 5, clearOnComplete: false, noTTYOutput: false },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  bar.start(total ?? 0, 0, { rate: '0', failed: 0 });
  const payload = (c: ProgressCounts) => ({ rate: formatCount(Math.round(rateOf(c.done, started))), failed: c.failed });
  let drawing = true;
  return {
    update: (c) => {
      if (drawing) bar.update(c.done, payload(c));
    },
    interrupt: (message) => {
      if (drawing) bar.stop();
      drawing = false;
      stream.write(`\n${message}`);
    },
    stop: (c) => {
      if (!drawing) return;
      drawing = false;
      if (total !== undefined && c.done > total) bar.setTotal(c.done);
      bar.update(c.done, payload(c));
      bar.stop();
    },
  };
}

function lineProgress(stream: NodeJS.WritableStream, total: number | undefined, intervalMs: number): Progress {
  const started = performance.now();
  let last = started;
  const line = (c: ProgressCounts): string => {
    const rate = rateOf(c.done, started);
    const of = total === undefined ? '' : `/${formatCount(total)} (${((100 * c.done) / Math.max(total, 1)).toFixed(1)}%)`;
    const eta = total === undefined || rate === 0 ? '' : `, ETA ${formatDuration(Math.max(0, total - c.done) / rate)}`;
    return `progress: ${formatCount(c.done)}${of} lines, ${formatCount(Math.round(rate))} lines/s${eta}, ${formatCount(c.failed)} failed\n`;
  };
  return {
    update: (c) => {
      const now = performance.now();
      if (now - last < intervalMs) return;
      last = now;
      stream.write(line(c));
    },
    interrupt: (message) => stream.write(message),
    stop: () => {},
  };
}

/** A bar on a terminal, plain lines every `intervalMs` elsewhere. `total` is unknown for stdin. */
export function createProgress(stream: NodeJS.WriteStream, total: number | undefined, intervalMs = 2000): Progress {
  return stream.isTTY ? barProgress(stream, total) : lineProgress(stream, total, intervalMs);
}
