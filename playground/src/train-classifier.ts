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

/** The fraction of rows whose highest score is the label (read asynchronously: the GPU's reads are). */
export async function accuracy(scores: torch.Tensor, labels: torch.Tensor): Promise<number> {
  return torch.argmax(scores, 1).eq(labels).float().mean().itemAsync();
}

/**
 * Trains for config.epochs (or until stopped) on `device`, reporting the loss, the accuracy on
 * all points and the class-1 probability over a GRID x GRID square about every `reportMs`. The
 * epoch's loss is summed where it is computed and read once per epoch, so the GPU is not waited
 * for after every step; ms per step is the epoch's time (that read included) over its steps.
 */
export async function trainClassifier(config: ClassifierConfig, run: Run, reportMs = 60, device: torch.DeviceSpec = 'cpu'): Promise<void> {
  const points = makeDataset(config.dataset, config.count, config.noise, config.seed);
  const bounds = boundsOf(points.x);
  run.post({ type: 'points', points: Float32Array.from(points.x.toTypedArray()), labels: Uint8Array.from(points.y.toTypedArray()), bounds });
  const x = points.x.to(device), y = points.y.to(device);
  const grid = gridPoints(bounds, GRID).to(device);
  torch.manualSeed(config.seed);
  const model = classifierModel(config.hidden, config.activation).to(device);
  const optimizer = makeOptimizer(config.optimizer, model.parameters(), config.lr);
  const lossFn = new nn.CrossEntropyLoss();
  const n = config.count, batch = Math.min(config.batchSize, n);
  const report = async (epoch: number, loss: number, msPerStep: number): Promise<void> => {
    const [scores, probs] = torch.noGrad(() => [model(x), torch.softmax(model(grid), 1).select(1, 1)] as const);
    const acc = await accuracy(scores, y);
    const msg: FromWorker = { type: 'progress', task: 'classifier', epoch, loss, accuracy: acc, msPerStep, grid: Float32Array.from(await probs.toTypedArrayAsync()) };
    run.post(msg);
  };
  let chunkStart = performance.now(), steps = 0, stepMs = 0;
  for (let epoch = 1; epoch <= config.epochs; epoch++) {
    const t0 = performance.now();
    const perm = torch.randperm(n).to(device);
    let total = torch.zeros([], { device });
    for (let b = 0; b < n; b += batch) {
      const idx = perm.narrow(0, b, Math.min(batch, n - b));
      const out = model(x.indexSelect(0, idx));
      const batchLoss = lossFn(out, y.indexSelect(0, idx));
      optimizer.zeroGrad();
      batchLoss.backward();
      optimizer.step();
      total = total.add(batchLoss.detach().mul(idx.shape[0]!));
      steps++;
    }
    const loss = (await total.itemAsync()) / n;
    stepMs += performance.now() - t0;
    if (performance.now() - chunkStart >= reportMs || epoch === config.epochs) {
      await report(epoch, loss, stepMs / steps);
      steps = 0;
      stepMs = 0;
      if (await run.yieldStopped()) return;
      chunkStart = performance.now();
    }
  }
}
