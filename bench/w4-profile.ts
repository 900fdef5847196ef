/**
 * W4 (the CNN step: Conv2d 1->8 3x3, ReLU, MaxPool2d 2, Flatten, Linear 1352->10, cross-entropy,
 * SGD) in one process, for profiling and before/after checks:
 * `node --import tsx --conditions=torchlet-source bench/w4-profile.ts` prints ms per step and per phase.
 * Env: BK=js|wasm|auto|native (the backend), N (timed steps), TRACE=1 (time per backend method),
 * PLAIN=1 (hide the conv/pool Backend kernels, so the ops compose as without them: an A/B switch),
 * THREADS=n.
 */
import * as core from '@torchlet/core';
import * as nn from '@torchlet/nn';
import * as optim from '@torchlet/optim';
import { getBackend, registerBackend, type Backend } from '@torchlet/core/backend';
import { w4Labels } from './workloads';
import { printTrace, traceBackend } from './trace';

/** PLAIN=1: the same backend under its own name without its optional conv and pool kernels. */
function hideConvKernels(name: string): void {
  const b = getBackend(name);
  const plain: Backend = {
    ...b, conv2d: undefined, conv2dInputGrad: undefined, conv2dWeightGrad: undefined, maxPool2d: undefined, maxPool2dBackward: undefined,
  };
  registerBackend(plain);
}


async function main(): Promise<void> {
  const bk = process.env.BK ?? 'auto';
  if (bk === 'native') await import('@torchlet/native');
  if (process.env.PLAIN) hideConvKernels(bk);
  core.setBackend(bk);
  if (process.env.THREADS) core.setNumThreads(Number(process.env.THREADS));
  core.manualSeed(0);
  const model = new nn.Sequential(
    new nn.Conv2d(1, 8, 3), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten(), new nn.Linear(8 * 13 * 13, 10),
  );
  const x = core.randn(64, 1, 28, 28), y = core.tensor(w4Labels());
  const opt = new optim.SGD(model.parameters(), { lr: 0.01 });
  const criterion = new nn.CrossEntropyLoss();
  const phases = [0, 0, 0, 0, 0];
  const step = (): number => {
    const t0 = performance.now();
    opt.zeroGrad();
    const t1 = performance.now();
    const out = model(x);
    const t2 = performance.now();
    const loss = criterion(out, y);
    const t3 = performance.now();
    loss.backward();
    const t4 = performance.now();
    opt.step();
    const v = loss.item();
    const t5 = performance.now();
    phases[0]! += t1 - t0; phases[1]! += t2 - t1; phases[2]! += t3 - t2; phases[3]! += t4 - t3; phases[4]! += t5 - t4;
    return v;
  };
  for (let i = 0; i < 5; i++) step();
  phases.fill(0);
  const times = process.env.TRACE ? traceBackend() : null;
  const n = Number(process.env.N ?? 50);
  const t0 = performance.now(), c0 = process.cpuUsage();
  let last = 0;
  for (let i = 0; i < n; i++) last = step();
  const ms = (performance.now() - t0) / n;
  const cpu = process.cpuUsage(c0);
  console.log(`${core.backendName()}${process.env.PLAIN ? ' (plain)' : ''} ${ms.toFixed(2)} ms/step ${((cpu.user + cpu.system) / 1000 / n).toFixed(2)} cpu-ms/step loss ${last}`);
  const names = ['zeroGrad', 'forward', 'loss', 'backward', 'step+item'];
  console.log(names.map((p, i) => `${p} ${(phases[i]! / n).toFixed(2)}`).join('  '));
  if (times) printTrace(times, n, ms, 'ms');
}
void main();
