/**
 * Page entry for webgpu-train.test.ts: small models train a few steps on the CPU and on webgpu
 * from the same seed (same initial weights, same data), and report both loss sequences. The
 * webgpu runs read nothing from the GPU but the loss, once a step, with `await loss.itemAsync()`:
 * a host read anywhere else in forward, backward or an optimizer step raises (sync reads of
 * webgpu tensors throw), so a run that finishes trained on the device.
 * Models: the tutorial's MLP (2-5-3, SGD), a W2-like MLP (784-256-10, batch 32) under every
 * optimizer, a W4-like CNN (Conv2d/ReLU/MaxPool2d/Linear, batch 8, Adam) and the tiny GPT
 * (examples/tiny-gpt: AdamW, gradient clipping).
 */
import * as torch from 'torchlet';
import type { Tensor } from 'torchlet';
import { GPT } from '../../../../examples/tiny-gpt/model';

const { nn, optim } = torch;
const F = torch.nn.functional;

interface PageGlobals { __done(result: unknown): void }
const page = globalThis as unknown as PageGlobals;

export interface TrainRun {
  name: string; cpu: number[]; gpu: number[];
  /** Devices of the webgpu run's parameters and gradients after its last step. */
  devices?: string[];
  error?: string;
}

type Optimizer = torch.optim.Optimizer;
interface Setup {
  model: torch.nn.Module<[Tensor], Tensor>;
  makeOptimizer(params: Tensor[]): Optimizer;
  /** Per step: inputs and integer targets (CPU tensors, moved by the runner). */
  batches: [Tensor, Tensor][];
  clip?: number;
}

/** Trains `steps` steps on `device`; the model and data come from `setup` after manualSeed(seed). */
async function train(setup: () => Setup, device: 'cpu' | 'webgpu'): Promise<{ losses: number[]; devices: string[] }> {
  torch.manualSeed(0);
  const s = setup();
  const model = s.model.to(device);
  const opt = s.makeOptimizer(model.parameters());
  const losses: number[] = [];
  for (const [x, y] of s.batches) {
    opt.zeroGrad();
    const out = model(x.to(device));
    const loss = F.crossEntropy(out.view(-1, out.shape[out.ndim - 1]!), y.to(device).view(-1));
    loss.backward();
    if (s.clip !== undefined) nn.utils.clipGradNorm_(model.parameters(), s.clip);
    opt.step();
    losses.push(await loss.itemAsync());
  }
  const params = model.parameters();
  const devices = new Set([...params.map((p) => p.device.type), ...params.map((p) => p.grad?.device.type ?? 'no grad')]);
  return { losses, devices: [...devices] };
}

function randomBatches(steps: number, shape: number[], classes: number, vocab?: number): [Tensor, Tensor][] {
  return Array.from({ length: steps }, () => {
    const x = vocab === undefined ? torch.randn(shape) : torch.randint(vocab, shape);
    const y = torch.randint(classes, vocab === undefined ? [shape[0]!] : shape);
    return [x, y];
  });
}

class TutorialMLP extends nn.Module {
  linear1 = new nn.Linear(2, 5);
  linear2 = new nn.Linear(5, 3);
  forward(x: Tensor): Tensor {
    return this.linear2(F.relu(this.linear1(x)));
  }
}

class W2MLP extends nn.Module {
  fc1 = new nn.Linear(784, 256);
  fc2 = new nn.Linear(256, 10);
  forward(x: Tensor): Tensor {
    return this.fc2(F.relu(this.fc1(x)));
  }
}

class W4CNN extends nn.Module {
  conv1 = new nn.Conv2d(1, 4, 3, { padding: 1 });
  conv2 = new nn.Conv2d(4, 8, 3);
  pool = new nn.MaxPool2d(2);
  fc = new nn.Linear(8 * 3 * 3, 10);
  forward(x: Tensor): Tensor {
    const h = this.pool(F.relu(this.conv2(this.pool(F.relu(this.conv1(x))))));
    return this.fc(h.flatten(1));
  }
}

/** The example's GPT with positions made on the input's device (nanoGPT's `device=device`). */
class DeviceGPT extends GPT {
  override forward(idx: Tensor): Tensor {
    const t = idx.shape[1]!;
    const pos = torch.arange(0, t).to(idx.device);
    let x = this.drop(this.wte(idx).add(this.wpe(pos)));
    for (const block of this.h) x = block(x);
    return this.lmHead(this.lnF(x));
  }
}

const tutorialX = torch.tensor([[0, 0], [1, 0], [1, 1], [0, 0], [0, 0], [0, 1]]).float();
const tutorialY = torch.tensor([0, 1, 2, 0, 0, 2]);

const RUNS: [string, () => Setup][] = [
  ['tutorial MLP, SGD', () => ({
    model: new TutorialMLP(), makeOptimizer: (p) => new optim.SGD(p, { lr: 0.01 }),
    batches: Array.from({ length: 20 }, (): [Tensor, Tensor] => [tutorialX, tutorialY]),
  })],
  ['W2 MLP, SGD momentum nesterov weight decay', () => ({
    model: new W2MLP(), makeOptimizer: (p) => new optim.SGD(p, { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 1e-3 }),
    batches: randomBatches(3, [32, 784], 10),
  })],
  ['W2 MLP, Adam', () => ({ model: new W2MLP(), makeOptimizer: (p) => new optim.Adam(p, { lr: 1e-3 }), batches: randomBatches(3, [32, 784], 10) })],
  ['W2 MLP, AdamW amsgrad', () => ({ model: new W2MLP(), makeOptimizer: (p) => new optim.AdamW(p, { lr: 1e-3, amsgrad: true }), batches: randomBatches(3, [32, 784], 10) })],
  ['W2 MLP, RMSprop centered momentum', () => ({
    model: new W2MLP(), makeOptimizer: (p) => new optim.RMSprop(p, { lr: 1e-3, momentum: 0.5, centered: true }), batches: randomBatches(3, [32, 784], 10),
  })],
  ['W2 MLP, Adagrad', () => ({ model: new W2MLP(), makeOptimizer: (p) => new optim.Adagrad(p, { lr: 1e-2, lrDecay: 0.01 }), batches: randomBatches(3, [32, 784], 10) })],
  ['W4 CNN, Adam', () => ({ model: new W4CNN(), makeOptimizer: (p) => new optim.Adam(p, { lr: 1e-3 }), batches: randomBatches(3, [8, 1, 16, 16], 10) })],
  ['tiny GPT, AdamW + clipGradNorm_', () => {
    const model = new DeviceGPT({ blockSize: 8, vocabSize: 16, nLayer: 1, nHead: 2, nEmbd: 16, dropout: 0 });
    return {
      model, makeOptimizer: () => model.configureOptimizers(0.1, 3e-3, [0.9, 0.99]),
      batches: randomBatches(3, [4, 8], 16, 16), clip: 1.0,
    };
  }],
];

async function main(): Promise<void> {
  if (!(await torch.webgpu.init())) {
    page.__done({ skipped: 'no WebGPU adapter' });
    return;
  }
  const runs: TrainRun[] = [];
  for (const [name, setup] of RUNS) {
    const cpu = (await train(setup, 'cpu')).losses;
    try {
      const gpu = await train(setup, 'webgpu');
      runs.push({ name, cpu, gpu: gpu.losses, devices: gpu.devices });
    } catch (e) {
      runs.push({ name, cpu, gpu: [], error: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
    }
  }
  page.__done({ runs });
}
void main();
