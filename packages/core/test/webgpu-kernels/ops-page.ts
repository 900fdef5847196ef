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

const F = torch.nn.functional;
interface PageGlobals { __done(result: unknown): void }
const page = globalThis as unknown as PageGlobals;

type Device = 'cpu' | 'webgpu';
/** An op case: given its inputs on a device (float ones require grad), the outputs to compare. */
interface OpCase { name: string; tol: number; inputs: () => Tensor[]; run: (xs: Tensor[]) => Tensor[] }

async function values(ts: Tensor[]): Promise<number[]> {
  const out: number[] = [];
  for (const t of ts) out.push(...Array.from(await t.toTypedArrayAsync(), Number));
  return out;
}

/** Outputs, then the gradients of sum(out * w) for every floating input, on `device`. */
async function evaluate(c: OpCase, base: Tensor[], device: Device): Promise<number[]> {
  const xs = base.map((x) => {
    const d = x.to(device).detach();
    return d.dtype === 'float32' ? d.requiresGrad_() : d;
  });
  const outs = c.run(xs);
  const floats = outs.filter((o) => o.requiresGrad);
  if (floats.length > 0) {
    torch.manualSeed(1);
    const terms = floats.map((o) => o.mul(torch.rand(o.shape).to(device)).sum());
    terms.reduce((a, b) => a.add(b)).backward();
  }
  const grads = xs.filter((x) => x.requiresGrad).map((x) => x.grad ?? torch.zeros([0]).to(device));
  return values([...outs.map((o) => o.detach()), ...grads]);
}

function relErr(got: number[], want: number[], atol: number): { err: number; at: string } {
  if (got.length !== want.length) return { err: Infinity, at: `length ${got.length} vs ${want.length}` };
  let m = 0, at = '';
  want.forEach((w, i) => {
    const g = got[i]!;
    if (g === w || (Number.isNaN(g) && Number.isNaN(w))) return;
    const e = Math.abs(g - w) / (Math.abs(w) + atol);
    if (!(e <= m)) { m = e; at = `[${i}] got ${g} want ${w}`; }
  });
  return { err: m, at };
}

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
      cases.push({ name: `op: ${c.name}`, err, tol: c.tol, detail: at });
    } catch (e) {
      cases.push({ name: `op: ${c.name}`, err: Infinity, tol: c.tol, detail: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
    }
  }
  page.__done({ cases });
}
void main();
