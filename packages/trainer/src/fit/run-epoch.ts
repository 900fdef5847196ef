/**
 * One epoch of fit(): the training pass over the batches (skipping those a mid-epoch checkpoint
 * already did; stopping after the current batch on an interrupt), then validation, the log,
 * the callbacks, checkpoints, progress and curves.
 */
import { DataLoader } from '../data/dataloader';
import type { TrainingState } from './checkpoint';
import { addBatch, type EpochSums, epochValues, evaluate, iterate, trainStep } from './epoch';
import { resumePoint } from './restore';
import type { FitRun } from './run';
import { writeCurvesSvg } from './svg';
import type { EpochLog } from './types';

/** A training pass: the learning rate it ran at, its sums, the batches done. */
export interface TrainPass {
  lr: number;
  sums: EpochSums;
  batches: number;
  /** True when Ctrl-C or the abort signal cut the pass short. */
  interrupted: boolean;
  /** The generators' states when the pass began (a mid-epoch checkpoint replays from them). */
  rngAtStart: Uint8Array[];
}

function batchCount(loader: unknown): number | undefined {
  try {
    return loader instanceof DataLoader ? loader.length : undefined;
  } catch {
    return undefined;
  }
}

/** Trains one epoch (0-based `epoch`); `resumed` is the checkpoint the run continues, if any. */
export async function trainPass<B, X>(run: FitRun<B, X>, epoch: number, resumed: TrainingState | null): Promise<TrainPass> {
  const { ctx, callbacks, generators, progress } = run;
  ctx.epoch = epoch;
  for (const cb of callbacks) await cb.onEpochBegin?.(ctx);
  const lr = run.optimizer.paramGroups[0]?.lr ?? Number.NaN;
  run.model.train();
  progress.epochBegin();
  const { sums, skip, rngAfterSkip } = resumePoint(resumed, epoch, generators);
  const rngAtStart = generators.map((g) => g.getState());
  const it = iterate(run.trainLoader);
  const total = batchCount(run.trainLoader);
  const keepOutputs = Object.keys(run.metrics).length > 0;
  let b = 0;
  for (let r = await it.next(); !r.done; r = await it.next()) {
    b++;
    if (b <= skip) {
      if (b === skip) rngAfterSkip.forEach((s, i) => generators[i]!.setState(s));
      continue;
    }
    const [input, target] = run.prepare(r.value);
    const [loss, output] = trainStep(run, input, target);
    addBatch(sums, loss, output, target, keepOutputs);
    for (const cb of callbacks) await cb.onBatchEnd?.(ctx, b - 1, loss);
    progress.batch(epoch + 1, run.epochs, b, total, sums.lossSum / sums.weight);
    await run.interrupt.yieldIfDue();
    if (run.interrupt.requested) return { lr, sums, batches: b, interrupted: true, rngAtStart };
  }
  if (b < skip) throw new Error(`the checkpoint was taken after ${skip} batches, but the loader gave only ${b}`);
  return { lr, sums, batches: b, interrupted: false, rngAtStart };
}

/** Validates and logs a finished pass, runs onEpochEnd, saves and reports. True when the run stops here. */
export async function endEpoch<B, X>(run: FitRun<B, X>, epoch: number, pass: TrainPass): Promise<boolean> {
  const { ctx, history } = run;
  const log: EpochLog = { epoch: epoch + 1, lr: pass.lr, train: epochValues(pass.sums, run.metrics) };
  if (run.valLoader !== undefined) {
    log.val = await evaluate({ model: run.model, loader: run.valLoader, lossFn: run.lossFn, metrics: run.metrics, prepareBatch: run.prepare });
  }
  history.epochs.push(log);
  ctx.epoch = epoch + 1;
  for (const cb of run.callbacks) await cb.onEpochEnd?.(ctx, log);
  run.saves.flush();
  run.progress.epochEnd(log, run.epochs);
  if (run.curvePath !== undefined) writeCurvesSvg(history, run.curvePath);
  if (ctx.stopTraining) {
    history.stopped = true;
    return true;
  }
  return run.interrupt.requested;
}
