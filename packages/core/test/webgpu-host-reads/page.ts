/**
 * Browser page: the ops that used to read a webgpu tensor on the host. Those with a device path
 * (advanced indexing and index assignment, the index-extra ops, median/nanmedian, quantile,
 * dropout, nn.init, clipGradNorm_) run on webgpu and on the CPU from the same inputs and seed and
 * report their largest relative error, gradients included; out-of-range indices are skipped on the
 * device; the rest report the error they raise (it must name the op and the way through the CPU).
 */
import * as torch from 'torchlet';
import type { Tensor } from 'torchlet';
import { evaluate, relErr, values, type Device, type OpCase } from '../webgpu/op-cases';

const F = torch.nn.functional;
interface PageGlobals { __done(result: unknown): void }
const page = globalThis as unknown as PageGlobals;

export interface HostReadCase { name: string; err: number; tol: number; detail?: string }
export interface HostReadRun { skipped?: string; cases?: HostReadCase[]; errors?: Record<string, string | null>; skippedOutOfRange?: number[][] }

const r = (...shape: number[]): Tensor => torch.randn(shape);
const ix = (...v: number[]): Tensor => torch.tensor(v, { dtype: 'int32' });
const withNan = (): Tensor => torch.tensor([3, NaN, -1, 7, 2, NaN, 5]);

const CASES: OpCase[] = [
  { name: 'x[idx], x[:, idx2d], x[i, :, j] (advanced indexing, negative indices)', inputs: () => [r(5, 4, 3)],
    run: ([x], d) => [x!.index(ix(4, 0, -1, 2).to(d)), x!.index(':', ix(0, 3, -2, 1).reshape([2, 2]).to(d)), x!.index(ix(1, -1).to(d), ':', ix(2, 0).to(d))] },
  { name: 'x[idx] = v, accumulate, a number', inputs: () => [r(5, 3), r(2, 3)],
    run: ([x, v], d) => {
      const a = x!.mul(1).setIndex([ix(3, -5).to(d)], v!);
      const b = x!.mul(2).setIndex([ix(1, 1).to(d), ix(0, 2).to(d)], v!.index(':', 0), { accumulate: true });
      const c = x!.mul(3).setIndex([':', ix(2).to(d)], 0.5);
      return [a, b, c];
    } },
  { name: 'indexPut, take, takeAlongDim, indexFill (tensor value), indexCopy', inputs: () => [r(4, 5), r(2, 5), torch.tensor(1.5)],
    run: ([x, s, v], d) => [
      torch.indexPut(x!, [ix(0, 3).to(d)], s!),
      torch.take(x!, ix(19, 0, -3).to(d)),
      torch.takeAlongDim(x!, x!.detach().argmax(1, { keepdim: true }), 1),
      torch.indexFill(x!, 1, ix(0, 4, 4, -1).to(d), v!),
      torch.indexCopy(x!, 0, ix(2, 0).to(d), s!),
    ] },
  { name: 'median, nanmedian (all; NaNs), quantile (tensor q), nanquantile', inputs: () => [r(6, 5), withNan()],
    run: ([x, w], d) => [
      torch.median(x!), torch.median(x!.index(0)), torch.median(w!), torch.nanmedian(w!),
      torch.quantile(x!, torch.tensor([0.1, 0.5, 0.9]).to(d), 1), torch.nanquantile(w!, 0.3),
    ] },
];

/** Random draws on each device from the same seed: the host draws, so the values must agree. */
async function randomCases(): Promise<HostReadCase[]> {
  const out: HostReadCase[] = [];
  const both = async (name: string, f: (d: Device) => Tensor[], tol = 0): Promise<void> => {
    try {
      torch.manualSeed(7);
      const want = await values(f('cpu'));
      torch.manualSeed(7);
      const { err, at } = relErr(await values(f('webgpu')), want);
      out.push({ name, err, tol, detail: at });
    } catch (e) {
      out.push({ name, err: Infinity, tol: 0, detail: e instanceof Error ? e.message : String(e) });
    }
  };
  const x = torch.rand(4, 6).add(0.5);
  await both('F.dropout, dropout2d, alphaDropout, nn.Dropout (training)', (d) => {
    const xd = x.to(d);
    return [F.dropout(xd, 0.4), F.dropout2d(xd.reshape([2, 2, 6]), 0.5), F.alphaDropout(xd, 0.3, true), new torch.nn.Dropout(0.25).forward(xd)];
  });
  await both('nn.init kaimingUniform_, xavierNormal_, truncNormal_, orthogonal_, uniform_', (d) => {
    const p = (): Tensor => torch.empty([5, 4]).to(d);
    const init = torch.nn.init;
    return [init.kaimingUniform_(p()), init.xavierNormal_(p()), init.truncNormal_(p()), init.orthogonal_(p()), init.uniform_(p(), -2, 3)];
  });
  await both('nn.Linear made on the CPU and moved (model.to)', (d) => {
    const lin = new torch.nn.Linear(4, 3).to(d);
    return [lin.weight, lin.bias!];
  });
  await both('clipGradNorm_ (2 and inf) on webgpu parameters', (d) => {
    const lin = new torch.nn.Linear(6, 3).to(d);
    lin.forward(x.to(d)).pow(2).sum().backward();
    const total = torch.nn.utils.clipGradNorm_(lin.parameters(), 0.5);
    const g1 = lin.weight.grad!.clone();
    const inf = torch.nn.utils.clipGradNorm_(lin.parameters(), 0.1, Infinity);
    return [total, g1, inf, lin.weight.grad!, lin.bias!.grad!];
  }, 1e-5);
  return out;
}

function message(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

async function main(): Promise<void> {
  if (!(await torch.webgpu.init())) {
    page.__done({ skipped: 'no WebGPU adapter' });
    return;
  }
  const cases: HostReadCase[] = [];
  for (const c of CASES) {
    torch.manualSeed(3);
    const base = c.inputs();
    try {
      const want = await evaluate(c, base, 'cpu');
      const { err, at } = relErr(await evaluate(c, base, 'webgpu'), want);
      cases.push({ name: c.name, err, tol: c.tol ?? 1e-5, detail: at });
    } catch (e) {
      cases.push({ name: c.name, err: Infinity, tol: 0, detail: e instanceof Error ? e.message : String(e) });
    }
  }
  cases.push(...await randomCases());

  // out-of-range indices on webgpu: skipped (no error, nothing written), as the kernels document
  const g = torch.arange(1, 7).float().reshape([3, 2]).to('webgpu');
  const skippedOutOfRange = [
    Array.from(await g.index(ix(2, 3, -4).to('webgpu')).reshape([-1]).toTypedArrayAsync()),
    Array.from(await g.clone().setIndex([ix(5, 0).to('webgpu')], 9).reshape([-1]).toTypedArrayAsync()),
    Array.from(await torch.take(g, ix(0, 6, -7).to('webgpu')).toTypedArrayAsync()),
    Array.from(await torch.indexFill(g, 0, ix(5, 1).to('webgpu'), 0).reshape([-1]).toTypedArrayAsync()),
  ];

  const gx = torch.rand(4, 5).to('webgpu'), gi = ix(1, 2, 2).to('webgpu');
  const errors: Record<string, string | null> = {
    allclose: message(() => torch.allclose(gx, gx)),
    equal: message(() => torch.equal(gx, gx)),
    mask: message(() => gx.index(gx.gt(0.5))),
    searchsorted: message(() => torch.searchsorted(torch.arange(5).float().to('webgpu'), gx)),
    histc: message(() => torch.histc(gx, 4)),
    bincount: message(() => torch.bincount(gi)),
    mode: message(() => torch.mode(gx, 1)),
    multinomial: message(() => torch.multinomial(gx, 2)),
    bernoulli: message(() => torch.bernoulli(gx)),
    repeatInterleave: message(() => torch.repeatInterleave(gx, gi, 0)),
  };
  page.__done({ cases, errors, skippedOutOfRange } satisfies HostReadRun);
}
void main();
