/**
 * The speed panel: ms per training step of the bench's W2 (MLP 784-256-10, batch 128) and W4
 * (Conv2d 1->8 3x3, ReLU, MaxPool2d 2, Linear 1352->10, batch 64) on every torchlet device and
 * backend the page has, and on tfjs's backends as the peer in the same worker (speed-tfjs.ts).
 * A step is forward, cross-entropy, backward and SGD (lr 0.01) on fixed random inputs, ended by
 * reading the loss (`await loss.itemAsync()`; tfjs: `await loss.data()`), so a GPU's time
 * includes waiting for it. Shown is the median of the timed steps after a warm-up.
 */
import * as torch from 'torchlet';
import { w2Labels, w4Labels } from '../../bench/workloads';
import { type BackendName, CPU_BACKENDS, type SpeedConfig, type Workload, WORKLOADS } from './messages';
import type { Run } from './run';

const { nn, optim } = torch;

/** One step of the workload, resolving the loss once it is read. */
export type Step = () => Promise<number>;

/** bench/torchlet.ts's W2 or W4 on `device`: model and batch moved there, SGD as in the bench. */
export function torchletStep(workload: Workload, device: torch.DeviceSpec): Step {
  torch.manualSeed(0);
  const model = workload === 'W2'
    ? new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 10))
    : new nn.Sequential(new nn.Conv2d(1, 8, 3), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten(), new nn.Linear(8 * 13 * 13, 10));
  model.to(device);
  const x = (workload === 'W2' ? torch.randn(128, 784) : torch.randn(64, 1, 28, 28)).to(device);
  const y = torch.tensor(workload === 'W2' ? w2Labels() : w4Labels()).to(device);
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.01 });
  const criterion = new nn.CrossEntropyLoss();
  return async () => {
    optimizer.zeroGrad();
    const loss = criterion(model(x), y);
    loss.backward();
    optimizer.step();
    return loss.itemAsync();
  };
}

/** The median time of `steps` timed calls after `warmup` untimed ones, in ms. */
export async function medianMs(step: Step, { warmup, steps }: SpeedConfig): Promise<number> {
  for (let i = 0; i < warmup; i++) await step();
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    await step();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  return times.length % 2 === 1 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
}

function message(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
}

/**
 * Times every workload on every runtime, posting each table cell as it is measured. `select`
 * is the worker's device switch (it sets the backend and says the device); `webgpu` whether the
 * worker's torch.webgpu.init() found an adapter. Resolves true when stopped.
 */
export async function runSpeed(
  config: SpeedConfig, run: Run, select: (name: BackendName) => torch.DeviceSpec, webgpu: boolean,
): Promise<boolean> {
  const timed = async (runtime: string, workload: Workload, make: () => Step | Promise<Step>): Promise<boolean> => {
    try {
      run.post({ type: 'speed', runtime, workload, ms: await medianMs(await make(), config) });
    } catch (err) {
      run.post({ type: 'speed', runtime, workload, ms: null, note: message(err) });
    }
    return run.yieldStopped();
  };
  const backends: BackendName[] = [...CPU_BACKENDS].reverse();
  if (webgpu) backends.push('webgpu');
  for (const name of backends) {
    for (const workload of WORKLOADS) {
      if (await timed(`torchlet ${name}`, workload, () => torchletStep(workload, select(name)))) return true;
    }
  }
  const tfjs = await import('./speed-tfjs');
  for (const name of tfjs.tfjsBackends(webgpu)) {
    for (const workload of WORKLOADS) {
      if (await timed(`tfjs ${name}`, workload, () => tfjs.tfjsStep(name, workload))) return true;
    }
  }
  for (const workload of WORKLOADS) run.post({ type: 'speed', runtime: 'tfjs wasm', workload, ms: null, note: tfjs.TFJS_WASM_NOTE });
  return false;
}
