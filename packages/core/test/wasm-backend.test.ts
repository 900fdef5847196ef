/**
 * The WebAssembly backend's own guarantees: the committed binary matches its AssemblyScript
 * sources, the kernels load, the arena is reused (no growth across repeated calls), and the
 * worker-thread split gives the same bits as one thread.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { getNumThreads, rand, randn, setBackend, setNumThreads, zeros, Tensor } from '@torchlet/core';
import { backend } from '@torchlet/core/backend';
import { readyWorkers } from '../src/backend/wasm/index';
import { wasmRuntime } from '../src/backend/wasm/runtime';

const root = join(__dirname, '../../..');

afterAll(() => {
  setBackend('auto');
  setNumThreads(1);
});

test('binary.generated.ts is up to date with packages/core/assembly (npm run build:wasm)', () => {
  expect(() => execFileSync(process.execPath, [join(root, 'packages/core/assembly/build.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
});

test('the kernels load with SIMD (and relaxed SIMD fused multiply-add on V8)', () => {
  const rt = wasmRuntime();
  expect(rt).not.toBeNull();
  expect(rt!.relaxed).toBe(true);
});

test('the arena is reused: repeated products do not grow linear memory', () => {
  setBackend('wasm');
  const a = rand(200, 300), b = rand(300, 100);
  a.mm(b);
  const bytes = wasmRuntime()!.memory.buffer.byteLength;
  for (let i = 0; i < 20; i++) a.mm(b).relu().add(1);
  expect(wasmRuntime()!.memory.buffer.byteLength).toBe(bytes);
});

test('setNumThreads / getNumThreads', () => {
  setNumThreads(3);
  expect(getNumThreads()).toBe(Math.min(3, availableParallelism())); // clamped to the cores (issue 14)
  expect(() => setNumThreads(0)).toThrow('set_num_threads expects a positive integer');
  setNumThreads(1);
  expect(getNumThreads()).toBe(1);
});

function bits(t: Tensor): number[] {
  return Array.from(new Uint32Array(new Float32Array(t.toTypedArray()).buffer));
}

test('products split over worker threads equal the single-thread result bit for bit', async () => {
  setBackend('wasm');
  const shapes: [number, number, number][] = [[256, 128, 784], [128, 784, 256], [300, 50, 12], [8, 1000, 900]];
  const inputs = shapes.map(([m, k, n]) => [rand(m, k), rand(k, n), rand(n, k).t()] as const);
  setNumThreads(1);
  const batched = [rand(4, 100, 200), rand(4, 200, 150), rand(200, 150)] as const;
  const bmm = (): number[][] => [bits(batched[0].bmm(batched[1])), bits(batched[0].matmul(batched[2]))];
  const single = inputs.map(([a, b, bt]) => [bits(a.mm(b)), bits(a.mm(bt))]);
  const singleBatched = bmm();
  setNumThreads(2);
  inputs[0]![0].mm(inputs[0]![1]); // starts the pool
  for (let i = 0; i < 100 && readyWorkers() < 1; i++) await new Promise((r) => setTimeout(r, 50)); // workers load their kernels
  expect(readyWorkers()).toBe(1);
  const multi = inputs.map(([a, b, bt]) => [bits(a.mm(b)), bits(a.mm(bt))]);
  expect(multi).toEqual(single);
  expect(bmm()).toEqual(singleBatched);
});

test('float32 kernels on wasm carry the js kernels\' bits (sums in PyTorch order, fma products)', () => {
  const x = randn(64, 8, 26, 26), y = randn(8, 26, 1), w = randn(300, 200), g = randn(300, 200);
  const runs: [string, (out: () => Tensor) => Tensor][] = [
    ['sum 0,2,3', (o) => { const r = o(); backend().reduce('sum', x, [0, 2, 3], r); return r; }],
    ['sum 1 of a transpose', (o) => { const r = o(); backend().reduce('sum', w.t(), [1], r); return r; }],
    ['max 1', (o) => { const r = o(); backend().reduce('max', x, [1], r, zeros(r.shape, { dtype: 'int32' })); return r; }],
    ['div broadcast', (o) => { const r = o(); backend().binary('div', x, y, r); return r; }],
    ['relu', (o) => { const r = o(); backend().unary('relu', x, r); return r; }],
    ['addScaled', (o) => { const r = o(); backend().fused('addScaled', w, g, null, Math.fround(-0.01), r); return r; }],
    ['matmul', (o) => { const r = o(); backend().matmul(w.unsqueeze(0), g.t().unsqueeze(0), r); return r; }],
  ];
  const shapes = [[8], [200], [64, 26, 26], x.shape, x.shape, w.shape, [1, 300, 300]];
  runs.forEach(([what, run], i) => {
    const out = (): Tensor => zeros(shapes[i]!);
    setBackend('js');
    const want = Array.from(run(out).toTypedArray());
    setBackend('wasm');
    const got = Array.from(run(out).toTypedArray());
    expect({ what, got }).toEqual({ what, got: want });
  });
});
