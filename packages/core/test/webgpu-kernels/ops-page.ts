/**
 * Browser page: the public ops built on the webgpu kernels of kernels/{matmul,softmax,loss,conv,
 * indexing,scan,sort}.ts, run on webgpu and on the CPU from the same inputs, forward and (where
 * differentiable) the input gradients of a weighted sum of the outputs. Each case reports its
 * largest relative error (webgpu-kernels.test.ts checks it). A host read of a webgpu tensor
 * inside an op raises, so a case that runs also shows the op stays on the device.
 */
import * as torch from 'torchlet';
import type { Tensor } from 'torchlet';
import type { KernelCase } from './page';
import { evaluate, relErr, type OpCase } from '../webgpu/op-cases';

const F = torch.nn.functional;
interface PageGlobals { __done(result: unknown): void }
const page = globalThis as unknown as PageGlobals;

const r = (...shape: number[]): Tensor => torch.randn(shape);
const CASES: OpCase[] = [
  { name: 'matmul broadcast + bmm', tol: 1e-4, inputs: () => [r(2, 3, 4, 5), r(5, 6), r(3, 6, 2)], run: ([a, b, c]) => [a!.matmul(b!).matmul(c!)] },
  { name: 'softmax / logSoftmax dim 1', tol: 1e-5, inputs: () => [r(3, 4, 5)], run: ([x]) => [F.softmax(x!, 1), F.logSoftmax(x!, 1)] },
  {
    name: 'crossEntropy weight, ignoreIndex, labelSmoothing; spatial nllLoss sum', tol: 1e-5,
    inputs: () => [r(6, 4), torch.tensor([0, 3, -100, 1, 2, 3]), torch.rand([4]), r(2, 4, 3, 3), torch.randint(4, [2, 3, 3])],
    run: ([x, t, w, x2, t2]) => [
      F.crossEntropy(x!, t!, { weight: w!.detach(), ignoreIndex: -100 }),
      F.crossEntropy(x!, t!.clamp(0, 3), { labelSmoothing: 0.1 }),
      F.nllLoss(F.logSoftmax(x2!, 1), t2!, { reduction: 'sum' }),
    ],
  },
  {
    name: 'conv2d (stride, padding, groups, bias), convTranspose2d', tol: 1e-4,
    inputs: () => [r(2, 4, 7, 6), r(6, 2, 3, 3), r(6), r(4, 3, 2, 2)],
    run: ([x, w, b, wt]) => [F.conv2d(x!, w!, b, { stride: 2, padding: 1, groups: 2 }), F.convTranspose2d(x!, wt!, null, { stride: 2 })],
  },
  {
    name: 'maxPool2d with indices, avgPool2d, unfold / fold', tol: 1e-5,
    inputs: () => [r(2, 3, 7, 6)],
    run: ([x]) => {
      const [v, i] = F.maxPool2d(x!, 3, { stride: 2, padding: 1, returnIndices: true });
      const cols = F.unfold(x!, [2, 3], { stride: [1, 2] });
      return [v, i, F.avgPool2d(x!, 2, { ceilMode: true, countIncludePad: false }), cols, F.fold(cols, [7, 6], [2, 3], { stride: [1, 2] })];
    },
  },
  {
    name: 'embedding, gather, scatter, scatterAdd, indexSelect', tol: 1e-5,
    inputs: () => [r(10, 4), torch.randint(10, [3, 5]), r(4, 6), torch.randint(4, [3, 6])],
    run: ([w, idx, x, ix]) => [
      F.embedding(idx!, w!), x!.gather(0, ix!), x!.scatter(0, ix!, x!.index('0:3').mul(2)),
      x!.scatterAdd(0, ix!, x!.index('1:4')), x!.indexSelect(1, idx!.index('0').remainder(6)),
    ],
  },
  {
    name: 'cumsum, cumprod, cummax, cummin', tol: 1e-5, inputs: () => [r(3, 8, 2)],
    run: ([x]) => {
      const mx = torch.cummax(x!, 1), mn = torch.cummin(x!, 2);
      return [x!.cumsum(1), x!.cumprod(2), mx.values, mx.indices, mn.values, mn.indices];
    },
  },
  {
    name: 'sort, topk, argsort', tol: 0, inputs: () => [torch.randint(5, [4, 300]).float(), r(5, 9)],
    run: ([a, b]) => {
      const s = torch.sort(a!, 1, { descending: true, stable: true }), t = torch.topk(b!, 3, 1);
      return [s.values, s.indices, t.values, t.indices, torch.argsort(b!, 0)];
    },
  },
];

async function main(): Promise<void> {
  if (!(await torch.webgpu.init())) {
    page.__done({ skipped: 'no WebGPU adapter' });
    return;
  }
  const cases: KernelCase[] = [];
  for (const c of CASES) {
    try {
      torch.manualSeed(0);
      const base = c.inputs();
      const want = await evaluate(c, base, 'cpu');
      const got = await evaluate(c, base, 'webgpu');
      // relative to |want|, with a floor of 1e-3 (gradients sum O(1) terms: their rounding is absolute)
      const { err, at } = relErr(got, want, 1e-3);
      cases.push({ name: `op: ${c.name}`, err, tol: c.tol ?? 1e-5, detail: at });
    } catch (e) {
      cases.push({ name: `op: ${c.name}`, err: Infinity, tol: c.tol ?? 1e-5, detail: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
    }
  }
  page.__done({ cases });
}
void main();
