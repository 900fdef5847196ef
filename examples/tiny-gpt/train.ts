/**
 * nanoGPT's train.py loop, reduced to one process: AdamW with decay groups, linear warm-up then
 * cosine decay of the learning rate (set on every group each step), gradient clipping at 1.0,
 * random-window batches, and a train/val loss estimate every `evalInterval` steps.
 */
import * as torch from 'torchlet';
import { type CharData, getBatch } from './data';
import { GPT, type GPTConfig } from './model';

const F = torch.nn.functional;

export interface TrainConfig {
  batchSize: number;
  blockSize: number;
  nLayer: number;
  nHead: number;
  nEmbd: number;
  dropout: number;
  learningRate: number;
  minLr: number;
  warmupIters: number;
  lrDecayIters: number;
  maxIters: number;
  weightDecay: number;
  beta1: number;
  beta2: number;
  gradClip: number;
  evalInterval: number;
  evalIters: number;
  logInterval: number;
}

/** The example's defaults: small enough to train in about a minute on two cores. */
export const DEFAULT_CONFIG: TrainConfig = {
  batchSize: 8,
  blockSize: 32,
  nLayer: 2,
  nHead: 4,
  nEmbd: 64,
  dropout: 0.0,
  learningRate: 3e-3,
  minLr: 3e-4,
  warmupIters: 50,
  lrDecayIters: 1000,
  maxIters: 1000,
  weightDecay: 0.1,
  beta1: 0.9,
  beta2: 0.99,
  gradClip: 1.0,
  evalInterval: 100,
  evalIters: 10,
  logInterval: 20,
};

/** Linear warm-up, then cosine decay from learningRate down to minLr at lrDecayIters. */
export function getLr(it: number, c: TrainConfig): number {
  if (it < c.warmupIters) return c.learningRate * (it + 1) / (c.warmupIters + 1);
  if (it > c.lrDecayIters) return c.minLr;
  const decayRatio = (it - c.warmupIters) / (c.lrDecayIters - c.warmupIters);
  const coeff = 0.5 * (1.0 + Math.cos(Math.PI * decayRatio));
  return c.minLr + coeff * (c.learningRate - c.minLr);
}

/** Cross-entropy of the next character over every position of the batch. */
export function lossOf(logits: torch.Tensor, targets: torch.Tensor): torch.Tensor {
  return F.crossEntropy(logits.view(-1, logits.shape[2]!), targets.view(-1));
}

/** Mean loss over evalIters random batches of each split, in eval mode and without gradients. */
function estimateLoss(model: GPT, data: CharData, c: TrainConfig): { train: number; val: number } {
  model.eval();
  const out = torch.noGrad(() => {
    const mean = (split: torch.Tensor): number => {
      const losses: number[] = [];
      for (let k = 0; k < c.evalIters; k++) {
        const [x, y] = getBatch(split, c.batchSize, c.blockSize);
        losses.push(lossOf(model(x), y).item());
      }
      return torch.tensor(losses).mean().item();
    };
    return { train: mean(data.train), val: mean(data.val) };
  });
  model.train();
  return out;
}

export interface TrainOptions {
  /**
   * Stop after this many steps (the schedule still spans maxIters): what is printed is then the
   * beginning of a full run's output, which the parity test compares.
   */
  stopAfter?: number;
  print?: (line: string) => void;
}

/** Builds the model after the caller's manualSeed and trains it; returns it in eval mode. */
export function train(data: CharData, c: TrainConfig, opts: TrainOptions = {}): GPT {
  const print = opts.print ?? console.log;
  const last = Math.min(c.maxIters, opts.stopAfter ?? c.maxIters);
  const modelConfig: GPTConfig = {
    blockSize: c.blockSize, vocabSize: data.chars.length, nLayer: c.nLayer, nHead: c.nHead, nEmbd: c.nEmbd, dropout: c.dropout,
  };
  const model = new GPT(modelConfig);
  print(`number of parameters: ${(model.numParams() / 1e6).toFixed(2)}M`);
  const optimizer = model.configureOptimizers(c.weightDecay, c.learningRate, [c.beta1, c.beta2]);
  let [x, y] = getBatch(data.train, c.batchSize, c.blockSize);
  for (let iter = 0; iter <= last; iter++) {
    const lr = getLr(iter, c);
    for (const group of optimizer.paramGroups) group.lr = lr;
    if (iter % c.evalInterval === 0 || iter === c.maxIters) {
      const losses = estimateLoss(model, data, c);
      print(`step ${iter}: train loss ${losses.train.toFixed(4)}, val loss ${losses.val.toFixed(4)}`);
    }
    if (iter === last) break;
    const loss = lossOf(model(x), y);
    // The next batch is drawn before backward, where nanoGPT prefetches it.
    [x, y] = getBatch(data.train, c.batchSize, c.blockSize);
    loss.backward();
    if (c.gradClip !== 0) torch.nn.utils.clipGradNorm_(model.parameters(), c.gradClip);
    optimizer.step();
    optimizer.zeroGrad();
    if (iter % c.logInterval === 0) print(`iter ${iter}: loss ${loss.item().toFixed(4)}`);
  }
  return model.eval();
}

/** `length` new characters after a one-newline prompt, as nanoGPT's sample.py starts. */
export function sample(model: GPT, data: CharData, length: number, temperature: number, topK: number | null): string {
  const start = torch.tensor([data.encode('\n')]);
  const out = model.generate(start, length, { temperature, topK });
  return data.decode(out.select(0, 0).tolist() as number[]);
}
