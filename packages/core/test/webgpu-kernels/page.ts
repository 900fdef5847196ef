/**
 * Browser page: every webgpu kernel of kernels/{matmul,softmax,loss,conv,indexing,scan,sort}.ts
 * against the js oracle on random strided, transposed, offset and broadcast inputs (and strided
 * outputs). Each case reports its largest relative error; the jest side
 * (../webgpu-kernels.test.ts) checks them against the tolerance each case names.
 */
import type { TypedArray } from '../../src/dtype';
import type { Backend, LossReduction, ScanOp, ScatterReduce, View, WindowGeometry } from '../../src/backend/types';
import { jsBackend } from '../../src/backend/js/index';
import { webgpuBackend } from '../../src/backend/webgpu/index';
import { init } from '../../src/backend/webgpu/context';

interface PageGlobals { __done(result: unknown): void }
const page = globalThis as unknown as PageGlobals;

export interface KernelCase { name: string; err: number; tol: number; detail?: string }

let seed = 12345;
function uniform(): number {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
}
const randn = (n: number): Float32Array => Float32Array.from({ length: n }, () => uniform() * 4 - 2);
const randint = (n: number, lo: number, hi: number): Int32Array => Int32Array.from({ length: n }, () => lo + Math.floor(uniform() * (hi - lo)));

/** The same strided window on a js storage and a webgpu storage holding `data`. */
interface Pair { cpu: View; gpu: View }
function pair(data: TypedArray, shape: number[], strides?: number[], offset = 0): Pair {
  const st = strides ?? contiguous(shape);
  const dtype = data instanceof Float32Array ? 'float32' : data instanceof Int32Array ? 'int32' : 'bool';
  const view = (b: Backend): View => ({ storage: b.fromHost(data.slice()), shape, strides: st, offset, dtype });
  return { cpu: view(jsBackend), gpu: view(webgpuBackend) };
}
function contiguous(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]!; }
  return s;
}
/** A dense [..shape] float/int output pair (zeroed), or one seen through `strides` of a bigger storage. */
function output(dtype: 'float32' | 'int32' | 'bool', shape: number[], strides?: number[], size?: number): Pair {
  const n = size ?? shape.reduce((a, b) => a * b, 1);
  const data = dtype === 'float32' ? new Float32Array(n) : dtype === 'int32' ? new Int32Array(n) : new Uint8Array(n);
  return pair(data, shape, strides);
}

/** The largest |got - want| / (|want| + atol), and where it is (NaN must match NaN). */
function relErr(got: ArrayLike<number>, want: ArrayLike<number>, atol: number): { err: number; at: string } {
  if (got.length !== want.length) return { err: Infinity, at: `length ${got.length} vs ${want.length}` };
  let m = 0, at = '';
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!, w = want[i]!;
    if (g === w || (Number.isNaN(w) && Number.isNaN(g))) continue;
    const e = Number.isNaN(w) || Number.isNaN(g) ? Infinity : Math.abs(g - w) / (Math.abs(w) + atol);
    if (!(e <= m)) { m = e; at = `[${i}] got ${g} want ${w}`; }
  }
  return { err: m, at };
}

/** Reads every view of `outs` on both sides (whole storages: strided writes must leave the rest alone). */
async function compare(name: string, outs: Pair[], tol: number, atol = 1e-6): Promise<KernelCase> {
  let err = 0, detail = '';
  for (const [j, o] of outs.entries()) {
    const n = Math.max(...o.cpu.shape.map((d, i) => (d - 1) * o.cpu.strides[i]!)) + 1 + o.cpu.offset;
    const whole = (v: View): View => ({ ...v, shape: [n], strides: [1], offset: 0 });
    const want = jsBackend.read(whole(o.cpu));
    const got = await webgpuBackend.readAsync(whole(o.gpu));
    const r = relErr(got, want, atol);
    if (!(r.err <= err)) { err = r.err; detail = `output ${j} ${r.at}`; }
  }
  return { name, err, tol, detail };
}

const cases: (() => Promise<KernelCase | KernelCase[]>)[] = [];
const both = (f: (b: Backend, side: 'cpu' | 'gpu') => void): void => { f(jsBackend, 'cpu'); f(webgpuBackend, 'gpu'); };

// matmul: a transposed with an offset, b broadcast over the batch, out dense and out transposed.
for (const [B, M, K, N] of [[1, 5, 7, 3], [3, 33, 40, 65], [2, 64, 17, 1], [2, 3, 0, 4]] as const) {
  cases.push(async () => {
    const a = pair(randn(B * M * K + 5), [B, M, K], [M * K, 1, M], 5);
    const b = pair(randn(K * N), [B, K, N], [0, N, 1]);
    const o1 = output('float32', [B, M, N]);
    const o2 = output('float32', [B, M, N], [M * N, 1, M]);
    both((be, s) => { be.matmul(a[s], b[s], o1[s]); be.matmul(a[s], b[s], o2[s]); });
    return compare(`matmul ${B}x${M}x${K}x${N}`, [o1, o2], 1e-4, 0.05);
  });
}
cases.push(async () => {
  const a = pair(randint(2 * 6 * 5, -9, 9), [2, 6, 5]), b = pair(randint(2 * 5 * 4, -9, 9), [2, 5, 4]);
  const o = output('int32', [2, 6, 4]);
  both((be, s) => be.matmul(a[s], b[s], o[s]));
  return compare('matmul int32', [o], 0);
});

// softmax over [N, C, K]: a permuted input, a NaN line, a -inf entry, a long line (C > 64).
for (const [N, C, K] of [[4, 10, 1], [2, 7, 5], [3, 300, 1]] as const) {
  for (const log of [false, true]) {
    cases.push(async () => {
      const xd = randn(N * C * K);
      xd[3] = -Infinity;
      if (N * K > 2) xd[C * K + 1] = NaN;
      const x = pair(xd, [N, C, K], [C * K, 1, C]);
      const y = output('float32', [N, C, K]);
      const g = pair(randn(N * C * K), [N, C, K], [1, N * K, N]);
      const gx = output('float32', [N, C, K], [C * K, 1, C]);
      both((be, s) => { be.softmax(x[s], y[s], log); be.softmaxBackward(g[s], y[s], gx[s], log); });
      return compare(`${log ? 'logSoftmax' : 'softmax'} [${N}, ${C}, ${K}] + backward`, [y, gx], 1e-5, 1e-5);
    });
  }
}

// nll loss, its gradient and cross-entropy's, with weights, ignored targets, K > 1.
for (const [N, C, K] of [[6, 5, 1], [3, 4, 3]] as const) {
  for (const reduction of ['none', 'mean', 'sum'] as LossReduction[]) {
    for (const weighted of [false, true]) {
      cases.push(async () => {
        const x = pair(randn(N * C * K), [N, C, K], [C * K, 1, C]);
        const td = randint(N * K, 0, C);
        td[1] = -100;
        const t = pair(td, [N, K]);
        const w = weighted ? pair(Float32Array.from({ length: C }, (_, i) => 0.5 + i), [C]) : null;
        const out = output('float32', reduction === 'none' ? [N * K] : [1]);
        const gView = pair(randn(N * K), [N, K]);
        const gScalar = pair(new Float32Array([0.7]), [1, 1]);
        const g1 = output('float32', [N, C, K]), g2 = output('float32', [N, C, K]);
        const g3 = output('float32', [N, C, K]), g4 = output('float32', [N, C, K]);
        const tw = jsBackend.nllLoss(x.cpu, t.cpu, w?.cpu ?? null, -100, reduction, out.cpu);
        webgpuBackend.nllLoss(x.gpu, t.gpu, w?.gpu ?? null, -100, reduction, out.gpu);
        const grad = (s: 'cpu' | 'gpu'): View | number => (reduction === 'none' ? gView[s] : 0.7);
        both((be, s) => {
          be.nllLossGrad(t[s], w?.[s] ?? null, -100, reduction, grad(s), tw, C, g1[s]);
          be.crossEntropyGrad(x[s], t[s], w?.[s] ?? null, -100, reduction, grad(s), tw, g2[s]);
        });
        // The device form of a reduction's incoming gradient: a one-element view.
        if (reduction !== 'none') {
          jsBackend.nllLossGrad(t.cpu, w?.cpu ?? null, -100, reduction, 0.7, tw, C, g3.cpu);
          webgpuBackend.nllLossGrad(t.gpu, w?.gpu ?? null, -100, reduction, gScalar.gpu, NaN, C, g3.gpu);
          jsBackend.crossEntropyGrad(x.cpu, t.cpu, w?.cpu ?? null, -100, reduction, 0.7, tw, g4.cpu);
          webgpuBackend.crossEntropyGrad(x.gpu, t.gpu, w?.gpu ?? null, -100, reduction, gScalar.gpu, NaN, g4.gpu);
        }
        return compare(`nll ${reduction}${weighted ? ' weighted' : ''} [${N}, ${C}, ${K}] + grads`, [out, g1, g2, g3, g4], 1e-5, 1e-5);
      });
    }
  }
}

// im2col / col2im: strided x, stride, padding, dilation; col2im onto a nonzero strided out.
cases.push(async () => {
  const [N, C, H, W] = [2, 3, 7, 6];
  const g: WindowGeometry = { kernel: [3, 2], stride: [2, 1], padding: [1, 1], dilation: [1, 2], outSize: [4, 6] };
  const x = pair(randn(N * C * H * W), [N, C, H, W], [C * H * W, 1, W * C, C]);
  const L = g.outSize[0] * g.outSize[1], CK = C * 6;
  const cols = output('float32', [N, CK, L]);
  const colsIn = pair(randn(N * CK * L), [N, CK, L], [CK * L, 1, CK]);
  const back = pair(randn(N * C * H * W), [N, C, H, W], [C * H * W, H * W, 1, H]);
  both((be, s) => { be.im2col(x[s], g, -Infinity, cols[s]); be.col2im(colsIn[s], g, [H, W], back[s]); });
  return compare('im2col + col2im 2-D', [cols, back], 1e-5, 1e-5);
});

// gather / indexSelect / scatter with strided views, duplicates, every reduce, bool and int.
cases.push(async () => {
  const x = pair(randn(4 * 5 * 6), [4, 5, 6], [1, 4, 20]);
  const idx = pair(randint(4 * 3 * 6, 0, 5), [4, 3, 6]);
  const o = output('float32', [4, 3, 6]);
  const xi = pair(randint(30, -50, 50), [5, 6]);
  const idx2 = pair(randint(12, 0, 6), [5, 6], [2, 0]);
  const oi = output('int32', [5, 6]);
  const sel = pair(randint(7, 0, 5), [7]);
  const os = output('float32', [4, 7, 6], [1, 24, 4]);
  both((be, s) => { be.gather(x[s], 1, idx[s], o[s]); be.gather(xi[s], 1, idx2[s], oi[s]); be.indexSelect(x[s], 1, sel[s], os[s]); });
  return compare('gather + indexSelect', [o, oi, os], 0);
});
for (const reduce of ['none', 'add', 'multiply', 'amax', 'amin'] as ScatterReduce[]) {
  cases.push(async () => {
    const base = randn(5 * 6);
    base[7] = NaN;
    const out = pair(base, [5, 6], [1, 5]);
    const idx = pair(randint(4 * 4, 0, 5), [4, 4]);
    const src = pair(randn(4 * 7), [4, 7]);
    const outS = pair(randn(30), [5, 6]);
    const outB = pair(Uint8Array.from({ length: 30 }, (_, i) => i % 3 === 0 ? 1 : 0), [5, 6]);
    const srcB = pair(Uint8Array.from({ length: 16 }, (_, i) => i % 2), [4, 4]);
    const outI = pair(randint(30, -5, 5), [6, 5]);
    const idxI = pair(randint(20, 0, 5), [4, 5]);
    both((be, s) => {
      be.scatter(out[s], 0, idx[s], src[s], reduce);
      be.scatter(outS[s], 1, idx[s], 2.5, reduce);
      be.scatter(outB[s], 0, idx[s], srcB[s], reduce);
      be.scatter(outI[s], 0, idxI[s], 3, reduce);
    });
    return compare(`scatter ${reduce}`, [out, outS, outB, outI], 1e-6);
  });
}

// scans with indices over a strided input with ties and a NaN.
for (const op of ['sum', 'prod', 'max', 'min'] as ScanOp[]) {
  cases.push(async () => {
    const xd = Float32Array.from(randint(3 * 7 * 4, -3, 4), (v) => v / 2 + 0.25 * Number(op === 'prod'));
    xd[9] = NaN;
    const x = pair(xd, [3, 7, 4], [28, 1, 7]);
    const o = output('float32', [3, 7, 4]);
    const i = output('int32', [3, 7, 4], [1, 12, 3]);
    const xi = pair(randint(24, -4, 4), [4, 6]);
    const oi = output('int32', [4, 6]);
    const ii = output('int32', [4, 6]);
    const withIdx = op === 'max' || op === 'min';
    both((be, s) => {
      be.scan(op, x[s], 1, o[s], withIdx ? i[s] : undefined);
      be.scan(op, xi[s], 0, oi[s], withIdx ? ii[s] : undefined);
    });
    return compare(`scan ${op}`, withIdx ? [o, i, oi, ii] : [o, oi], 1e-5);
  });
}

// sort / top-k: ties, NaN, -0, both orders, strided input and outputs.
for (const descending of [false, true]) {
  for (const k of [9, 3]) {
    cases.push(async () => {
      const xd = Float32Array.from(randint(3 * 9 * 4, -3, 3), (v) => v / 2);
      xd[5] = NaN; xd[17] = NaN; xd[2] = -0;
      const x = pair(xd, [3, 9, 4], [36, 1, 9]);
      const v = output('float32', [3, k, 4], [1, 12, 3]);
      const i = output('int32', [3, k, 4]);
      const xi = pair(randint(40, -5, 5), [8, 5]);
      const vi = output('int32', [8, Math.min(k, 5)]);
      const ii = output('int32', [8, Math.min(k, 5)], [1, 8]);
      both((be, s) => {
        be.sort(x[s], 1, descending, k, v[s], i[s]);
        be.sort(xi[s], 1, descending, Math.min(k, 5), vi[s], ii[s]);
      });
      return compare(`sort ${descending ? 'descending' : 'ascending'} k=${k}`, [v, i, vi, ii], 0);
    });
  }
}

// Long lines take the bitonic path: ties, NaN, a padded length (700 -> 1024), top-k and full.
for (const descending of [false, true]) {
  cases.push(async () => {
    const n = 700;
    const xd = Float32Array.from(randint(2 * n, -40, 40), (v) => v / 4);
    xd[11] = NaN; xd[n + 5] = NaN; xd[n + 6] = NaN;
    const x = pair(xd, [n, 2], [1, n]);
    const v = output('float32', [n, 2]), i = output('int32', [n, 2], [1, n]);
    const vk = output('float32', [5, 2]), ik = output('int32', [5, 2]);
    const xi = pair(randint(3 * 300, -9, 9), [3, 300]);
    const vi = output('int32', [3, 300]), ii = output('int32', [3, 300]);
    both((be, s) => {
      be.sort(x[s], 0, descending, n, v[s], i[s]);
      be.sort(x[s], 0, descending, 5, vk[s], ik[s]);
      be.sort(xi[s], 1, descending, 300, vi[s], ii[s]);
    });
    return compare(`sort long lines ${descending ? 'descending' : 'ascending'}`, [v, i, vk, ik, vi, ii], 0);
  });
}

async function main(): Promise<void> {
  if (!(await init())) {
    page.__done({ skipped: 'no WebGPU adapter' });
    return;
  }
  const results: KernelCase[] = [];
  for (const c of cases) {
    try {
      const r = await c();
      results.push(...(Array.isArray(r) ? r : [r]));
    } catch (e) {
      results.push({ name: `case ${results.length}`, err: Infinity, tol: 0, detail: e instanceof Error ? e.message : String(e) });
    }
  }
  page.__done({ cases: results });
}
void main();
