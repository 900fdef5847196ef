/** Trains one digits model with the trainer and reports its test-set scores. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as torch from 'torchlet';
import type { Digits } from './data';
import { cnn, mlp } from './models';

const { nn, optim } = torch;
const { DataLoader, TensorDataset, randomSplit, fit, evaluate, accuracyMetric, f1Metric, confusionMatrix, numpyStr, loadTrainingState } = torch.trainer;

export type ModelName = 'mlp' | 'cnn';

export interface TrainConfig {
  name: ModelName;
  epochs: number;
  lr: number;
  batchSize: number;
  /** The accuracy on the held-out test images this model must reach. */
  target: number;
}

export const CONFIGS: Record<ModelName, TrainConfig> = {
  mlp: { name: 'mlp', epochs: 30, lr: 5e-3, batchSize: 32, target: 0.95 },
  cnn: { name: 'cnn', epochs: 20, lr: 2e-3, batchSize: 32, target: 0.97 },
};

export interface TrainResult {
  name: ModelName;
  testAccuracy: number;
  testF1: number;
  epochsRun: number;
  interrupted: boolean;
}

/**
 * 70% train, 10% validation, 20% test, split by randomSplit with a fixed generator so every run
 * (and every model) sees the same test images.
 */
export function splitDigits({ images, labels }: Digits): [torch.trainer.Subset<[torch.Tensor, torch.Tensor]>, torch.trainer.Subset<[torch.Tensor, torch.Tensor]>, torch.trainer.Subset<[torch.Tensor, torch.Tensor]>] {
  const dataset = new TensorDataset(images.div(16), labels);
  const [train, val, test] = randomSplit(dataset, [0.7, 0.1, 0.2], { generator: new torch.Generator().manualSeed(42) });
  return [train!, val!, test!];
}

export async function trainDigits(data: Digits, config: TrainConfig, runDir: string, print: (line: string) => void = console.log): Promise<TrainResult> {
  const [train, val, test] = splitDigits(data);
  const model = config.name === 'mlp' ? mlp() : cnn();
  const optimizer = new optim.Adam(model.parameters(), { lr: config.lr });
  const scheduler = new optim.lrScheduler.CosineAnnealingLR(optimizer, { tMax: config.epochs });
  const lossFn = new nn.CrossEntropyLoss();
  const metrics = { accuracy: accuracyMetric(), f1: f1Metric({ average: 'macro' }) };
  print(`${config.name.toUpperCase()}: ${train.length} training, ${val.length} validation, ${test.length} test images`);
  print(String(model));
  // A finished run's checkpoint is kept unless asked: this demo asks, visibly, so that running
  // the command again trains again (after Ctrl-C it continues the unfinished run instead).
  const checkpoint = join(runDir, `${config.name}.safetensors`);
  const finished = finishedRun(checkpoint, config.epochs);
  if (finished) print(`${config.name.toUpperCase()}: ${checkpoint} holds a finished run; training again from scratch`);
  const history = await fit({
    resume: finished ? 'never' : 'auto',
    model,
    optimizer,
    scheduler,
    lossFn: (o, t) => lossFn(o, t),
    trainLoader: new DataLoader(train, { batchSize: config.batchSize, shuffle: true }),
    valLoader: new DataLoader(val, { batchSize: 256 }),
    epochs: config.epochs,
    metrics,
    checkpoint,
    curvePath: join(runDir, `${config.name}-curves.svg`),
  });
  if (history.interrupted) {
    print(`${config.name.toUpperCase()}: interrupted after ${history.epochs.length} epochs; run again to continue from the checkpoint`);
    return { name: config.name, testAccuracy: Number.NaN, testF1: Number.NaN, epochsRun: history.epochs.length, interrupted: true };
  }
  const scores = await evaluate({ model, loader: new DataLoader(test, { batchSize: 256 }), lossFn: (o, t) => lossFn(o, t), metrics });
  const testInputs = torch.stack(test.indices.map((i) => (test.dataset.getItem(i) as [torch.Tensor, torch.Tensor])[0]));
  const testLabels = torch.stack(test.indices.map((i) => (test.dataset.getItem(i) as [torch.Tensor, torch.Tensor])[1]));
  const predicted = torch.noGrad(() => torch.argmax(model(testInputs), 1));
  print(`${config.name.toUpperCase()} test: accuracy ${scores.accuracy!.toFixed(4)}, macro F1 ${scores.f1!.toFixed(4)}, loss ${scores.loss!.toFixed(4)}`);
  print('Confusion matrix (rows: true digit, columns: predicted):');
  print(numpyStr(torch.tensor(confusionMatrix(testLabels, predicted))));
  print(`Checkpoint: ${join(runDir, `${config.name}.safetensors`)}; curves: ${join(runDir, `${config.name}-curves.svg`)}`);
  return { name: config.name, testAccuracy: scores.accuracy!, testF1: scores.f1!, epochsRun: history.epochs.length, interrupted: history.interrupted };
}

/** Whether `path` holds a run that fit() would call finished for this many epochs. */
function finishedRun(path: string, epochs: number): boolean {
  if (!existsSync(path)) return false;
  const state = loadTrainingState(path);
  return (state.history.stopped && !state.history.interrupted) || state.epoch >= epochs;
}
