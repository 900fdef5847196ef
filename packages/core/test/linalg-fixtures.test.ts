/**
 * torch.linalg against PyTorch 1.13 (fixtures/core-linalg.json from tools/parity/core_linalg.py):
 * every output, and the gradients of sum_i (f_i(out_i) * w_i).sum(). float64 within 1e-10,
 * float32 within 1e-5 relative. Eigenvectors and singular vectors are compared up to the sign of
 * each vector: our Jacobi solvers do not reproduce LAPACK's (arbitrary) sign choice, so their
 * loss terms are squared (sign-free) in the fixtures. QR does follow LAPACK's Householder signs
 * and is compared exactly.
 */
import * as fs from 'fs';
import * as path from 'path';
import { linalg, Tensor, type DType } from '@torchlet/core';

type MatrixOrd = linalg.MatrixOrd;
import { buildInput, closeTo, type InputSpec, type OutSpec } from './core-ops-fixture';

type Num = number | string;
interface LinalgCase {
  fn: string;
  args: Record<string, unknown>;
  inputs: InputSpec[];
  out: OutSpec[];
  loss: ('lin' | 'sq' | null)[];
  w?: (Num[] | null)[];
  grads?: (Num[] | null)[];
}

const CASES = (JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'core-linalg.json'), 'utf8')) as { cases: LinalgCase[] }).cases;

const toNum = (v: unknown): number => (v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number(v));
const ordOf = (v: unknown): MatrixOrd => (v === 'fro' || v === 'nuc' ? v : toNum(v));
const optNum = (v: unknown): number | undefined => (v === undefined || v === null ? undefined : toNum(v));
type Args = Record<string, unknown>;

const RUN: Record<string, (x: Tensor[], a: Args) => Tensor | Tensor[]> = {
  vectorNorm: (x, a) => linalg.vectorNorm(x[0]!, a.ord === undefined ? 2 : toNum(a.ord), a.dim as number | number[] | undefined,
    { keepdim: Boolean(a.keepdim), ...(a.dtype ? { dtype: a.dtype as DType } : {}) }),
  matrixNorm: (x, a) => linalg.matrixNorm(x[0]!, a.ord === undefined ? 'fro' : ordOf(a.ord), (a.dim as number[] | undefined) ?? [-2, -1], { keepdim: Boolean(a.keepdim) }),
  norm: (x, a) => linalg.norm(x[0]!, a.ord === undefined ? null : ordOf(a.ord), a.dim as number | number[] | undefined, { keepdim: Boolean(a.keepdim) }),
  det: (x) => linalg.det(x[0]!),
  slogdet: (x) => linalg.slogdet(x[0]!),
  inv: (x) => linalg.inv(x[0]!),
  solve: (x, a) => linalg.solve(x[0]!, x[1]!, { left: a.left !== false }),
  cross: (x, a) => linalg.cross(x[0]!, x[1]!, { dim: (a.dim as number | undefined) ?? -1 }),
  matrixPower: (x, a) => linalg.matrixPower(x[0]!, a.n as number),
  cholesky: (x, a) => linalg.cholesky(x[0]!, { upper: Boolean(a.upper) }),
  qr: (x, a) => linalg.qr(x[0]!, (a.mode as linalg.QrMode | undefined) ?? 'reduced'),
  eigh: (x, a) => linalg.eigh(x[0]!, (a.UPLO as string | undefined) ?? 'L'),
  eigvalsh: (x, a) => linalg.eigvalsh(x[0]!, (a.UPLO as string | undefined) ?? 'L'),
  svd: (x, a) => linalg.svd(x[0]!, a.fullMatrices !== false),
  svdvals: (x) => linalg.svdvals(x[0]!),
  pinv: (x, a) => linalg.pinv(x[0]!, { atol: optNum(a.atol), rtol: optNum(a.rtol), hermitian: Boolean(a.hermitian) }),
  matrixRank: (x, a) => linalg.matrixRank(x[0]!, { atol: optNum(a.atol), rtol: optNum(a.rtol), hermitian: Boolean(a.hermitian) }),
  lstsq: (x, a) => {
    const r = linalg.lstsq(x[0]!, x[1]!, optNum(a.rcond), a.driver ? { driver: a.driver as string } : {});
    return [r.solution, r.residuals, r.rank, r.singularValues];
  },
};

/** Which outputs hold vectors determined only up to sign: 'cols' or 'rows' of the trailing matrices. */
function signFree(c: LinalgCase, k: number): 'cols' | 'rows' | null {
  if (c.fn === 'eigh' && k === 1) return 'cols';
  if (c.fn === 'svd' && k === 0) return 'cols';
  if (c.fn === 'svd' && k === 2) return 'rows';
  return null;
}

/**
 * Flips each of our vectors (columns or rows of each trailing r x c matrix) to the sign of
 * PyTorch's; only the first `count` vectors are kept comparable (the rest of a full U is any
 * orthonormal completion), the others are copied from the expectation.
 */
function alignSigns(ours: ArrayLike<number>, expected: Num[], shape: number[], along: 'cols' | 'rows', count: number): number[] {
  const r = shape[shape.length - 2]!, c = shape[shape.length - 1]!;
  const out = Array.from(ours, Number);
  for (let base = 0; base < out.length; base += r * c) {
    const vecs = along === 'cols' ? c : r, len = along === 'cols' ? r : c;
    for (let v = 0; v < vecs; v++) {
      const at = (i: number): number => base + (along === 'cols' ? i * c + v : v * c + i);
      if (v >= count) {
        for (let i = 0; i < len; i++) out[at(i)] = toNum(expected[at(i)]);
        continue;
      }
      let dot = 0;
      for (let i = 0; i < len; i++) dot += out[at(i)]! * toNum(expected[at(i)]);
      if (dot < 0) for (let i = 0; i < len; i++) out[at(i)] = -out[at(i)]!;
    }
  }
  return out;
}

function tolerance(dtype: DType): [number, number] {
  return dtype === 'float64' ? [1e-10, 1e-10] : [1e-5, 1e-5];
}

function label(c: LinalgCase): string {
  const shapes = c.inputs.map((s) => `${s.dtype === 'float32' ? 'f32' : 'f64'}[${s.shape.join(',')}]${s.view.length ? '*' : ''}`).join(' ');
  return `${c.fn} ${shapes} ${JSON.stringify(c.args)}`;
}

describe('torch.linalg matches PyTorch', () => {
  it('has cases for every function', () => {
    for (const fn of Object.keys(RUN)) expect(CASES.some((c) => c.fn === fn)).toBe(true);
  });
  it.each(CASES.map((c) => [label(c), c] as const))('%s', (_name, c) => {
    const built = c.inputs.map(buildInput);
    const result = RUN[c.fn]!(built.map(([, x]) => x), c.args);
    const outs = result instanceof Tensor ? [result] : result;
    expect(outs.length).toBe(c.out.length);
    outs.forEach((o, k) => {
      const exp = c.out[k]!;
      expect(o.shape).toEqual(exp.shape);
      expect(o.dtype).toBe(exp.dtype);
      const along = signFree(c, k);
      const vals = along === null ? o.toTypedArray() : alignSigns(o.toTypedArray(), exp.data as Num[], exp.shape, along, minSide(c));
      const [rtol, atol] = tolerance(exp.dtype);
      expect(closeTo(vals, exp.data, rtol, atol)).toBeNull();
    });
    if (c.grads && c.w) {
      let loss: Tensor | null = null;
      c.loss.forEach((kind, k) => {
        if (kind === null) return;
        const o = outs[k]!;
        const w = Tensor.fromData(o.dtype === 'float64' ? Float64Array.from(c.w![k]!.map(toNum)) : Float32Array.from(c.w![k]!.map(toNum)), o.shape.slice(), o.dtype);
        const term = (kind === 'lin' ? o : o.mul(o)).mul(w).sum();
        loss = loss === null ? term : loss.add(term);
      });
      (loss as Tensor | null)?.backward();
      c.grads.forEach((g, i) => {
        const [base] = built[i]!;
        if (g === null) return;
        expect(base.grad).not.toBeNull();
        expect(base.grad!.shape).toEqual(base.shape);
        const [rtol, atol] = tolerance(base.dtype);
        expect(closeTo(base.grad!.toTypedArray(), g, rtol * 10, atol * 10)).toBeNull();
      });
    }
  });
});

/** k = min(m, n) of the case's (first) input matrix: how many singular vectors are determined. */
function minSide(c: LinalgCase): number {
  const s = c.inputs[0]!.shape;
  let m = s[s.length - 2]!, n = s[s.length - 1]!;
  for (const step of c.inputs[0]!.view) if (step[0] === 't' && (step[1] as number) >= s.length - 2 && (step[2] as number) >= s.length - 2) [m, n] = [n, m];
  return Math.min(m, n);
}
