import * as core from '@torchlet/core';
import '@torchlet/native';
import { getBackend, contiguousStrides, HostStorage, type View } from '@torchlet/core/backend';
const mk = (shape: number[], f: (i: number) => number, dt: 'float32' | 'int32' = 'float32'): View => {
  const n = shape.reduce((a, b) => a * b, 1);
  const d = dt === 'float32' ? Float32Array.from({ length: n }, (_, i) => f(i)) : Int32Array.from({ length: n }, (_, i) => f(i));
  return { storage: new HostStorage(d), shape, strides: contiguousStrides(shape), offset: 0, dtype: dt };
};
if (process.env.T) core.setNumThreads(Number(process.env.T));
const g = { kernel: [3, 3], stride: [1, 1], padding: [0, 0], dilation: [1, 1], outSize: [26, 26] } as any;
const pg = { kernel: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1], outSize: [13, 13] } as any;
const x = mk([64, 1, 28, 28], (i) => Math.sin(i)), w = mk([8, 1, 3, 3], (i) => Math.cos(i)), b = mk([8], (i) => i);
const y = mk([64, 8, 26, 26], () => 0), gy = mk([64, 8, 26, 26], (i) => Math.sin(i * 0.3)), dw = mk([8, 1, 3, 3], () => 0);
const px = mk([512, 26, 26], process.env.D ? (i) => Math.max(0, (Math.sin(i * 12.9898) * 43758.5453) % 1) : (i) => Math.sin(i * 0.7));
const pv = mk([512, 169], () => 0), pi = mk([512, 169], () => 0, 'int32'), pb = mk([512, 676], () => 0);
for (const name of (process.env.BKS ?? 'native,wasm,js').split(',')) {
  const be = getBackend(name);
  const cases: [string, () => void][] = [
    ['conv2d', () => be.conv2d!(x, w, b, g, y)],
    ['conv2dWeightGrad', () => be.conv2dWeightGrad!(gy, x, g, dw)],
    ['maxPool2d', () => be.maxPool2d!(px, pg, pv, pi)],
    ['maxPool2dBackward', () => be.maxPool2dBackward!(pv, pi, pb)],
  ];
  for (const [k, f] of cases) {
    const ts: number[] = [];
    for (let r = 0; r < 7; r++) { const c0 = process.cpuUsage(); const t0 = performance.now(); for (let i = 0; i < 10; i++) f(); const c = process.cpuUsage(c0); ts.push(Math.min((performance.now() - t0), (c.user + c.system) / 1000) * 100); }
    console.log(name.padEnd(7), k.padEnd(18), (Math.min(...ts)).toFixed(0).padStart(6), 'us (min of 7, min(wall, cpu))');
  }
}
