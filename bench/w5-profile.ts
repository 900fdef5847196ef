/**
 * W5 (one tiny-GPT training step) in one process, for profiling and before/after checks:
 * `node --import tsx --conditions=torchlet-source bench/w5-profile.ts` prints ms per step.
 * Env: BK=js|wasm|auto|native|native-before (the backend), N (timed steps), TRACE=1 (time per
 * backend method), HASH=1 (a hash of the parameters' bits, to prove backends agree), KERNELS=1
 * (each replayed kernel, js against native), THREADS (setNumThreads first: with 1, the CPU time per
 * step is the work itself, a steadier A/B figure than wall time on a loaded machine).
 */
import * as core from '@torchlet/core';
import {
  HostStorage, contiguousStrides, getBackend, registerBackend, usesSmallTn, type Backend, type View,
} from '@torchlet/core/backend';
import { w5Stepper } from './w5-step';
import { parametersHash, printTrace, traceBackend } from './trace';

/**
 * BK=native-before: the native backend with W5's exact replays (small TN product, softmax and
 * its backward, cross-entropy's gradient, the fused updates, gelu) routed back to its fallback
 * and copies to the js backend, as before they moved into the addon: a before/after comparison.
 */
function registerNativeBefore(): void {
  const native = getBackend('native'), fb = getBackend('auto');
  const before: Backend = {
    ...native, name: 'native-before',
    matmul: (a, b, out, plain, bare) => (bare === true && plain !== true && usesSmallTn(a, b) ? fb : native).matmul(a, b, out, plain, bare),
    unary: (op, x, out, p0, p1) => (op === 'gelu' ? fb : native).unary(op, x, out, p0, p1),
    fused: (...args) => fb.fused(...args),
    softmax: (...args) => fb.softmax(...args),
    softmaxBackward: (...args) => fb.softmaxBackward(...args),
    crossEntropyGrad: (...args) => fb.crossEntropyGrad(...args),
    copy: (src, dst) => getBackend('js').copy(src, dst),
    geluBackward: fb.geluBackward?.bind(fb), layerNorm: fb.layerNorm?.bind(fb), layerNormBackward: fb.layerNormBackward?.bind(fb),
  };
  registerBackend(before);
}


/** KERNELS=1: each moved kernel at W5's sizes, js vs native on one thread, microseconds per call (best of 7 runs of 20). */
function kernelTimes(): void {
  const js = getBackend('js'), native = getBackend('native');
  core.setNumThreads(1);
  const view = (shape: number[], strides?: number[]): View => {
    const n = shape.reduce((p, q) => p * q, 1);
    const data = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898) * 4);
    return { storage: new HostStorage(data), shape, strides: strides ?? contiguousStrides(shape), offset: 0, dtype: 'float32' };
  };
  const att = view([1024, 32, 1]), logits = view([256, 76, 1]), h = view([65536]);
  const a = view([32, 32, 32]), bCol = view([32, 32, 16], [512, 1, 32]);  // b column-major: a usesSmallTn shape
  const target: View = { storage: new HostStorage(new Int32Array(256).map((_, i) => i % 76)), shape: [256, 1], strides: [1, 1], offset: 0, dtype: 'int32' };
  // Outputs are allocated once: a fresh 64-256 KB typed array per call costs tens of microseconds (GC).
  const outs = new Map<string, View>();
  const out = (shape: number[]): View => {
    const key = shape.join('x');
    let v = outs.get(key);
    if (!v) {
      const data = new Float32Array(shape.reduce((p, q) => p * q, 1));
      v = { storage: new HostStorage(data), shape, strides: contiguousStrides(shape), offset: 0, dtype: 'float32' };
      outs.set(key, v);
    }
    return v;
  };
  const v1 = view([16384]), v2 = view([16384]), v3 = view([16384]);
  const cases: [string, (b: Backend) => void][] = [
    ['small TN 32 x [32,32]@[32,16]', (b) => b.matmul(a, bCol, out([32, 32, 16]), false, true)],
    ['softmax [1024, 32]', (b) => b.softmax(att, out([1024, 32, 1]), false)],
    ['log_softmax [256, 76]', (b) => b.softmax(logits, out([256, 76, 1]), true)],
    ['softmax backward [1024, 32]', (b) => b.softmaxBackward(att, att, out([1024, 32, 1]), false)],
    ['cross-entropy grad [256, 76]', (b) => b.crossEntropyGrad(logits, target, null, -100, 'mean', 1, 256, out([256, 76, 1]))],
    ['gelu 65536', (b) => b.unary('gelu', h, out([65536]))],
    ['addcmul 16384', (b) => b.fused('addcmul', v1, v2, v3, 0.25, out([16384]))],
  ];
  for (const [name, run] of cases) {
    const time = (b: Backend): number => {
      const ts: number[] = [];
      for (let r = 0; r < 7; r++) {
        const t0 = performance.now();
        for (let i = 0; i < 20; i++) run(b);
        ts.push((performance.now() - t0) * 1000 / 20);
      }
      return Math.min(...ts);
    };
    const tj = time(js), tn = time(native);
    console.log(`${name.padEnd(34)} js ${tj.toFixed(0).padStart(7)} us  native ${tn.toFixed(0).padStart(6)} us  ${(tj / tn).toFixed(1)}x`);
  }
}

async function main(): Promise<void> {
  if (process.env.KERNELS) return kernelTimes();
  const { GPT } = await import('../examples/tiny-gpt/model.js');
  if (process.env.BK === 'native-before') registerNativeBefore();
  if (process.env.BK) core.setBackend(process.env.BK);
  if (process.env.THREADS) core.setNumThreads(Number(process.env.THREADS));
  const { model, step } = w5Stepper(GPT);
  for (let i = 0; i < 5; i++) step();
  const times = process.env.TRACE ? traceBackend() : null;
  const n = Number(process.env.N ?? 30);
  const t0 = performance.now(), c0 = process.cpuUsage();
  let last = 0;
  for (let i = 0; i < n; i++) last = step();
  const ms = (performance.now() - t0) / n;
  // CPU time (all threads) per step: steadier than wall time when other processes share the cores.
  const cpu = process.cpuUsage(c0);
  console.log(core.backendName(), ms.toFixed(2), 'ms/step', ((cpu.user + cpu.system) / 1000 / n).toFixed(2), 'cpu-ms/step', 'loss', last);
  if (process.env.HASH) {
    // The bits of every parameter after the run: equal hashes on two backends mean bit-identical training.
    console.log('parameters sha256', parametersHash(model.parameters()));
  }
  if (times) printTrace(times, n, ms, 'ms');
}
void main();
