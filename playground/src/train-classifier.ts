/** The 2-D classifier: an MLP of the chosen sizes trained on a toy dataset, regions sampled as it learns. */
import * as torch from 'torchlet';
import { boundsOf, gridPoints, makeDataset } from './datasets';
import { type ActivationName, type ClassifierConfig, type FromWorker, GRID, type OptimizerName } from './messages';
import type { Run } from './run';

const { nn, optim } = torch;

const ACTIVATION: Record<ActivationName, () => torch.nn.Module> = {
  relu: () => new nn.ReLU(),
  tanh: () => new nn.Tanh(),
  gelu: () => new nn.GELU(),
  sigmoid: () => new nn.Sigmoid(),
};

/** 2 inputs -> the hidden sizes (each followed by the activation) -> 2 class scores. */
export function classifierModel(hidden: readonly number[], activation: ActivationName): torch.nn.Sequential {
  const layers: torch.nn.Module[] = [];
  let width = 2;
  for (const h of hidden) {
    layers.push(new nn.Linear(width, h), ACTIVATION[activation]());
    width = h;
  }
  layers.push(new nn.Linear(width, 2));
  return new nn.Sequential(...layers);
}

export function makeOptimizer(name: OptimizerName, params: torch.nn.Parameter[], lr: number): torch.optim.Optimizer {
  switch (name) {
    case 'sgd': return new optim.SGD(params, { lr });
    case 'momentum': return new optim.SGD(params, { lr, momentum: 0.9 });
    case 'adam': return new optim.Adam(params, { lr });
    case 'adamw': return new optim.AdamW(params, { lr });
  }
}

/** The fraction of rows whose highest score is the label. */
export function accuracy(scores: torch.Tensor, labels: torch.Tensor): number {
  return torch.argmax(scores, 1).eq(labels).float().mean().item();
}

/**
 * Trains for config.epochs (or until stopped), reporting the loss, the accuracy on all points and
 * the class-1 probability over a GRID x GRID square about every `reportMs`.
 */
export async function trainClassifier(config: ClassifierConfig, run: Run, reportMs = 60): Promise<void> {
  const { x, y } = makeDataset(config.dataset, config.count, config.noise, config.seed);
  const bounds = boundsOf(x);
  const grid = gridPoints(bounds, GRID);
  run.post({ type: 'points', points: Float32Array.from(x.toTypedArray()), labels: Uint8Array.from(y.toTypedArray()), bounds });
  torch.manualSeed(config.seed);
  const model = classifierModel(config.hidden, config.activation);
  const optimizer = makeOptimizer(config.optimizer, model.parameters(), config.lr);
  const lossFn = new nn.CrossEntropyLoss();
  const n = config.count, batch = Math.min(config.batchSize, n);
  const report = (epoch: number, loss: number, msPerStep: number): void => {
    const [acc, probs] = torch.noGrad(() => [accuracy(model(x), y), torch.softmax(model(grid), 1).select(1, 1)] as const);
    const msg: FromWorker = { type: 'progress', task: 'classifier', epoch, loss, accuracy: acc, msPerStep, grid: Float32Array.from(probs.toTypedArray()) };
    run.post(msg);
  };
  let chunkStart = performance.now(), steps = 0, stepMs = 0;
  for (let epoch = 1; epoch <= config.epochs; epoch++) {
    const perm = torch.randperm(n);
    let total = 0;
    for (let b = 0; b < n; b += batch) {
      const t0 = performance.now();
      const idx = perm.narrow(0, b, Math.min(batch, n - b));
      const out = model(x.indexSelect(0, idx));
      const batchLoss = lossFn(out, y.indexSelect(0, idx));
      optimizer.zeroGrad();
      batchLoss.backward();
      optimizer.step();
      total += batchLoss.item() * idx.shape[0]!;
      stepMs += performance.now() - t0;
      steps++;
    }
    const loss = total / n;
    if (performance.now() - chunkStart >= reportMs || epoch === config.epochs) {
      report(epoch, loss, stepMs / steps);
      steps = 0;
      stepMs = 0;
      if (await run.yieldStopped()) return;
      chunkStart = performance.now();
    }
  }
}
