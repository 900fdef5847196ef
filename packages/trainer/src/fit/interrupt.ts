/**
 * Stopping fit() cleanly: Ctrl-C (SIGINT, in Node) or the abort signal stops the run after the
 * current batch, with a checkpoint; a second Ctrl-C exits at once. Launchers (npm, tsx) relay
 * the terminal's SIGINT, so the child often gets the same Ctrl-C twice within milliseconds:
 * repeats within a second count as one.
 */
import { nextMacrotask, nodeProcess } from '../node-host';
import type { FitRun } from './run';
import type { History } from './types';

/** Watches for Ctrl-C and the abort signal while a run trains. */
export class InterruptWatch {
  private sigint = false;
  private sigintAt = 0;
  private lastYield = Date.now();
  private readonly detach: () => void = () => undefined;

  constructor(private readonly signal: AbortSignal | undefined, handleSigint: boolean, say: (text: string) => void) {
    const proc = handleSigint ? nodeProcess() : undefined;
    if (proc === undefined) return; // no SIGINT outside Node
    const onSigint = (): void => {
      if (this.sigint) {
        if (Date.now() - this.sigintAt > 1000) proc.exit(130);
        return;
      }
      this.sigint = true;
      this.sigintAt = Date.now();
      say('Interrupted: stopping after this batch (press Ctrl-C again to quit at once)');
    };
    proc.on('SIGINT', onSigint);
    this.detach = () => proc.off('SIGINT', onSigint);
  }

  /** True once Ctrl-C or the abort signal asked the run to stop. */
  get requested(): boolean {
    return this.sigint || this.signal?.aborted === true;
  }

  /** Yields to the event loop every 100 ms or so, which lets Ctrl-C through during long synchronous epochs. */
  async yieldIfDue(): Promise<void> {
    if (Date.now() - this.lastYield <= 100) return;
    await nextMacrotask();
    this.lastYield = Date.now();
  }

  /** Stops listening for Ctrl-C. */
  dispose(): void {
    this.detach();
  }
}

/** Ends an interrupted run: marks the history, calls onInterrupt, writes the checkpoints it asked for. */
export async function endInterrupted<B, X>(run: FitRun<B, X>): Promise<History> {
  const { history } = run;
  history.interrupted = true;
  history.stopped = true;
  for (const cb of run.callbacks) await cb.onInterrupt?.(run.ctx);
  const paths = run.saves.pending();
  run.saves.flush();
  run.progress.message(paths.length > 0 ? `Checkpoint saved to ${paths.join(', ')}` : 'Stopped (no checkpoint configured)');
  return history;
}
