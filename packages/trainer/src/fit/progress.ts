/**
 * Progress output for the training loop: a live bar with loss and metrics on a terminal, plain
 * log lines (one per `logEvery` epochs) when the output is not a terminal (CI, files).
 */
import { formatFixed } from '@torchlet/core/internal';
import { defaultStream } from '../node-host';
import type { EpochLog } from './types';

/** Where progress goes: a writable with an optional isTTY (process.stdout is one, the default in Node). */
export interface ProgressStream {
  /** Writes text (no newline added). */
  write(text: string): unknown;
  /** True on a terminal: 'auto' then draws a live bar. */
  readonly isTTY?: boolean;
  /** The terminal width, when known. */
  readonly columns?: number;
}

/** How fit reports progress. */
export interface ProgressOptions {
  /** 'bar' (live), 'lines' (plain), 'none', or 'auto' (bar on a terminal, lines otherwise). */
  mode?: 'auto' | 'bar' | 'lines' | 'none';
  /** Where to write (default process.stdout in Node, the console elsewhere). */
  stream?: ProgressStream;
  /** Print every n-th epoch's line (the first and last are always printed). Default 1. */
  logEvery?: number;
}

function fmt(v: number): string {
  return Math.abs(v) >= 1e-3 || v === 0 ? formatFixed(v, 4) : v.toExponential(3);
}

/** `loss 0.1234  accuracy 0.9712  val_loss 0.2000` */
export function formatEpochValues(log: EpochLog): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(log.train)) parts.push(`${k} ${fmt(v)}`);
  for (const [k, v] of Object.entries(log.val ?? {})) parts.push(`val_${k} ${fmt(v)}`);
  return parts.join('  ');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** Draws the bar and writes the epoch lines. */
export class ProgressReporter {
  private readonly mode: 'bar' | 'lines' | 'none';
  private readonly stream: ProgressStream;
  private readonly logEvery: number;
  private epochStart = 0;
  private lastDraw = 0;

  constructor(opts: ProgressOptions = {}) {
    this.stream = opts.stream ?? defaultStream();
    const mode = opts.mode ?? 'auto';
    this.mode = mode === 'auto' ? (this.stream.isTTY ? 'bar' : 'lines') : mode;
    this.logEvery = opts.logEvery ?? 1;
    if (!Number.isInteger(this.logEvery) || this.logEvery < 1) {
      throw new RangeError(`logEvery must be a positive integer, got ${this.logEvery}`);
    }
  }

  /** Starts the epoch's clock. */
  epochBegin(): void {
    this.epochStart = Date.now();
    this.lastDraw = 0;
  }

  /** Redraws the bar (at most ~20 times a second, and always on the last batch). */
  batch(epoch: number, epochs: number, done: number, total: number | undefined, loss: number): void {
    if (this.mode !== 'bar') return;
    const now = Date.now();
    if (done !== total && now - this.lastDraw < 50) return;
    this.lastDraw = now;
    const width = 30;
    let bar: string;
    if (total !== undefined && total > 0) {
      const filled = Math.round((done / total) * width);
      bar = `[${'='.repeat(Math.max(0, filled - 1))}${filled > 0 ? (done === total ? '=' : '>') : ''}${' '.repeat(width - filled)}] ${done}/${total}`;
    } else {
      bar = `${done} batches`;
    }
    this.stream.write(`\r\x1b[2KEpoch ${epoch}/${epochs} ${bar}  loss ${fmt(loss)}  ${seconds(now - this.epochStart)}`);
  }

  /** The epoch's line (every logEvery epochs, and always the first and last). */
  epochEnd(log: EpochLog, epochs: number): void {
    if (this.mode === 'none') return;
    const e = log.epoch;
    const show = e === 1 || e === epochs || e % this.logEvery === 0;
    const line = `Epoch ${e}/${epochs}  ${formatEpochValues(log)}  lr ${Number(log.lr.toPrecision(4))}  ${seconds(Date.now() - this.epochStart)}`;
    if (this.mode === 'bar') this.stream.write(`\r\x1b[2K${show ? line + '\n' : ''}`);
    else if (show) this.stream.write(line + '\n');
  }

  /** Writes a line of text (clearing the bar first), unless the mode is 'none'. */
  message(text: string): void {
    if (this.mode === 'none') return;
    this.stream.write((this.mode === 'bar' ? '\r\x1b[2K' : '') + text + '\n');
  }
}
