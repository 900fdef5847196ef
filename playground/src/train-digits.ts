/**
 * The digits MLP in the browser: scikit-learn's 8x8 digits (examples/digits/data, served by the
 * playground), the example's split and model, trained with Adam and scored on the test images.
 */
import * as torch from 'torchlet';
import { mlp } from '../../examples/digits/models';
import type { DigitsConfig } from './messages';
import type { Run } from './run';
import { accuracy } from './train-classifier';

const { nn, optim } = torch;
const { TensorDataset, randomSplit } = torch.trainer;

export interface DigitsData {
  /** [n, 64] float32 pixels, 0..16. */
  images: torch.Tensor;
  /** [n] int32 digits. */
  labels: torch.Tensor;
}

/** Parses the CSV text (64 pixel columns, then the digit; one image a line). */
export function parseDigitsCsv(text: string): DigitsData {
  const rows = text.trim().split('\n');
  const pixels = new Float32Array(rows.length * 64);
  const labels = new Int32Array(rows.length);
  rows.forEach((row, i) => {
    const cells = row.split(',').map(Number);
    if (cells.length !== 65 || cells.some((v) => !Number.isInteger(v) || v < 0 || v > 16)) {
      throw new Error(`digits.csv: row ${i + 1} is not 64 pixels in 0..16 and a label`);
    }
    pixels.set(cells.slice(0, 64), i * 64);
    labels[i] = cells[64]!;
  });
  return { images: torch.tensor(pixels).reshape(rows.length, 64), labels: torch.tensor(labels) };
}

/** The example's 70/10/20 split (randomSplit with a Generator seeded 42): [train, val, test] indices. */
export function splitIndices(n: number): torch.Tensor[] {
  const ds = new TensorDataset(torch.zeros(n));
  return randomSplit(ds, [0.7, 0.1, 0.2], { generator: new torch.Generator().manualSeed(42) }).map((s) =>
    torch.tensor(Int32Array.from(s.indices)),
  );
}

/**
 * Trains the MLP on `device` on the training images (validation ones are left out, as in the
 * example) and scores the test ones. The epoch's loss is summed where it is computed and read once.
 */
export async function trainDigits(data: DigitsData, config: DigitsConfig, run: Run, device: torch.DeviceSpec = 'cpu'): Promise<void> {
  const [trainIdx, , testIdx] = splitIndices(data.images.shape[0]!) as [torch.Tensor, torch.Tensor, torch.Tensor];
  const pixels = data.images.div(16);
  const [xTrain, yTrain] = [pixels.indexSelect(0, trainIdx).to(device), data.labels.indexSelect(0, trainIdx).to(device)];
  const [xTest, yTest] = [pixels.indexSelect(0, testIdx), data.labels.indexSelect(0, testIdx)];
  torch.manualSeed(config.seed);
  const model = mlp().to(device);
  const optimizer = new optim.Adam(model.parameters(), { lr: config.lr });
  const lossFn = new nn.CrossEntropyLoss();
  const n = xTrain.shape[0]!;
  let stopped = false;
  for (let epoch = 1; epoch <= config.epochs && !stopped; epoch++) {
    const t0 = performance.now();
    model.train();
    const perm = torch.randperm(n).to(device);
    let total = torch.zeros([], { device }), steps = 0;
    for (let b = 0; b < n; b += config.batchSize) {
      const idx = perm.narrow(0, b, Math.min(config.batchSize, n - b));
      const loss = lossFn(model(xTrain.indexSelect(0, idx)), yTrain.indexSelect(0, idx));
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      total = total.add(loss.detach().mul(idx.shape[0]!));
      steps++;
    }
    const epochLoss = (await total.itemAsync()) / n;
    const msPerStep = (performance.now() - t0) / steps;
    model.eval();
    const trainAcc = await accuracy(torch.noGrad(() => model(xTrain)), yTrain);
    run.post({ type: 'progress', task: 'digits', epoch, loss: epochLoss, accuracy: trainAcc, msPerStep });
    stopped = await run.yieldStopped();
  }
  model.eval();
  const predicted = await torch.noGrad(() => torch.argmax(model(xTest.to(device)), 1)).toAsync('cpu');
  run.post({
    type: 'predictions',
    images: Float32Array.from(xTest.toTypedArray()),
    labels: Int32Array.from(yTest.toTypedArray()),
    predicted: Int32Array.from(predicted.toTypedArray()),
    accuracy: predicted.eq(yTest).float().mean().item(),
  });
}
