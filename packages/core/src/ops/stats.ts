/**
 * Statistics over dims: var, std, var_mean, std_mean, logsumexp and norm, each one node with
 * PyTorch's gradient formula (VarBackward0, StdBackward0, LogsumexpBackward0, NormBackward1).
 */
import { isFloating, type DType } from '../dtype';
import { noGrad } from '../autograd/grad-mode';
import { needsGrad, record } from '../autograd/record';
import { normDims, numelOf } from '../shape';
import type { Tensor } from '../tensor';
import { floatDtype } from './util';
import { where } from './binary';
import { expandBack, mean, type Dims, type KeepDim } from './reduce';
import { parseArgs, pick, type ArgSig, type Kw } from './reduce-args';
import { matrixNorm } from '../linalg/norms';
import { normTwoF32 } from './norm-two-f32';

/** var's and std's keyword options (PyTorch's correction=, unbiased=, keepdim=). */
export interface VarOptions extends KeepDim {
  /** Bessel's correction: 1 (default) for the sample variance, 0 for the population. */
  correction?: number;
  /** PyTorch's older flag: unbiased=false is correction 0. */
  unbiased?: boolean;
}

/** var's gradient: (2 / (n - correction)) * grad * (x - mean), grad brought back to x's shape. */
function varBackward(g: Tensor, x: Tensor, dims: readonly number[], dof: number, keepdim: boolean): Tensor {
  const ge = expandBack(g, x.shape, dims, keepdim);
  return ge.mul(2 / dof).mul(x.sub(x.mean(dims, { keepdim: true })));
}

/**
 * The variance (or its square root) in double, rounded to x's dtype at the end: PyTorch
 * accumulates float variance in double.
 */
function varianceRaw(x: Tensor, dims: readonly number[], dof: number, keepdim: boolean, sqrt: boolean): Tensor {
  return noGrad(() => {
    const xd = x.to('float64');
    const dev = xd.sub(xd.mean(dims, { keepdim: true }));
    const v = dev.mul(dev).sum(dims, { keepdim }).div(Math.max(0, dof));
    return (sqrt ? v.sqrt() : v).to(x.dtype);
  });
}

/**
 * var/std's forms, as PyTorch 1.13's `(dim, unbiased=True, keepdim=False, *, correction)`: `x.std(1, false, true)`,
 * `x.std(false)` (unbiased alone), `x.std(1, {correction: 0})`, `x.std({dim: 1, keepdim: true})`.
 */
export interface VarMethod {
  (opts?: VarOptions & { dim?: Dims | null }): Tensor;
  (unbiased: boolean): Tensor;
  (dim: Dims | null | undefined, opts?: VarOptions): Tensor;
  (dim: Dims | null | undefined, unbiased: boolean | undefined, opts?: Omit<VarOptions, 'unbiased'>): Tensor;
  (dim: Dims | null | undefined, unbiased: boolean | undefined, keepdim: boolean | undefined, opts?: { correction?: number }): Tensor;
}
/** The function form: `torch.std(x, 1, false, true)` and the other forms of VarMethod. */
export interface VarFunction {
  (x: Tensor, opts?: VarOptions & { dim?: Dims | null }): Tensor;
  (x: Tensor, unbiased: boolean): Tensor;
  (x: Tensor, dim: Dims | null | undefined, opts?: VarOptions): Tensor;
  (x: Tensor, dim: Dims | null | undefined, unbiased: boolean | undefined, opts?: Omit<VarOptions, 'unbiased'>): Tensor;
  (x: Tensor, dim: Dims | null | undefined, unbiased: boolean | undefined, keepdim: boolean | undefined, opts?: { correction?: number }): Tensor;
}

const varSig = (fn: string): ArgSig => ({
  fn, names: ['dim', 'unbiased', 'keepdim'], kinds: ['dims', 'bool', 'bool'], keys: ['dim', 'unbiased', 'keepdim', 'correction'],
});
const VAR = varSig('var'), STD = varSig('std'), VAR_MEAN = varSig('var_mean'), STD_MEAN = varSig('std_mean');

/** Reads var/std's arguments: dims, degrees of freedom, keepdim. */
function varArgs(x: Tensor, sig: ArgSig, a: unknown, b: unknown, c: unknown, d: unknown, fn = 'std and var'): [number[], number, boolean] {
  // x.std(false): PyTorch's `std(unbiased)` overload.
  if (typeof a === 'boolean' && d === undefined) { d = c; c = b; b = a; a = undefined; }
  const kw: Kw | undefined = parseArgs(sig, a, b, c, d);
  if (!isFloating(x.dtype)) throw new TypeError(`${fn} only support floating point and complex dtypes`);
  const dim = pick(a, kw, 'dim') as Dims | null | undefined;
  const dims = normDims(dim ?? undefined, x.shape.length);
  const correction = (kw?.correction as number | undefined) ?? (pick(b, kw, 'unbiased') === false ? 0 : 1);
  return [dims, numelOf(dims.map((i) => x.shape[i]!)) - correction, pick(c, kw, 'keepdim') === true];
}

/**
 * Variance over dims with Bessel's correction (1 by default).
 * @example x.var(1, { keepdim: true, correction: 0 })
 */
export const variance: VarFunction = (x: Tensor, a?: unknown, b?: unknown, c?: unknown, d?: unknown): Tensor => {
  const [dims, dof, keepdim] = varArgs(x, VAR, a, b, c, d);
  return varianceNode(x, dims, dof, keepdim, 'VarBackward0');
};

function varianceNode(x: Tensor, dims: number[], dof: number, keepdim: boolean, node: string): Tensor {
  const out = varianceRaw(x, dims, dof, keepdim, false);
  if (needsGrad(x)) {
    record(out, node, [x], [x], null, (g, s) => [varBackward(g, s[0]!, dims, dof, keepdim)]);
  }
  return out;
}

/** Standard deviation: sqrt of var; its gradient is var's, scaled by 1 / (2 std) (0 where std is 0). */
export const std: VarFunction = (x: Tensor, a?: unknown, b?: unknown, c?: unknown, d?: unknown): Tensor => {
  const [dims, dof, keepdim] = varArgs(x, STD, a, b, c, d);
  return stdNode(x, dims, dof, keepdim, 'StdBackward0');
};

function stdNode(x: Tensor, dims: number[], dof: number, keepdim: boolean, node: string): Tensor {
  const out = varianceRaw(x, dims, dof, keepdim, true);
  if (needsGrad(x)) {
    record(out, node, [x], [x, out], null, (g, s) => {
      const result = s[1]!;
      const gVar = where(result.eq(0), 0, g.div(result.mul(2)));
      return [varBackward(gVar, s[0]!, dims, dof, keepdim)];
    });
  }
  return out;
}


/** The mean beside var/std: mean's gradient under the pair's node name, as PyTorch's one node shows. */
function meanNode(x: Tensor, dims: number[], keepdim: boolean, node: string): Tensor {
  const out = mean(x.detach(), dims, { keepdim });
  if (needsGrad(x)) {
    const n = numelOf(dims.map((d) => x.shape[d]!)), inShape = x.shape.slice();
    record(out, node, [x], [], null, (g) => [expandBack(g.div(n), inShape, dims, keepdim)]);
  }
  return out;
}

/**
 * torch.var_mean: `[var, mean]` over dims in one call (correction 1 by default).
 * @example const [v, m] = varMean(x, 1, { correction: 0 });
 */
export function varMean(x: Tensor, a?: Dims | null | boolean | VarOptions, b?: boolean | VarOptions, c?: boolean | VarOptions, d?: VarOptions): [Tensor, Tensor] {
  const [dims, dof, keepdim] = varArgs(x, VAR_MEAN, a, b, c, d, 'var_mean');
  return [varianceNode(x, dims, dof, keepdim, 'VarMeanBackward0'), meanNode(x, dims, keepdim, 'VarMeanBackward0')];
}

/**
 * torch.std_mean: `[std, mean]` over dims in one call (correction 1 by default).
 * @example const [s, m] = stdMean(x, [0, 1], { keepdim: true });
 */
export function stdMean(x: Tensor, a?: Dims | null | boolean | VarOptions, b?: boolean | VarOptions, c?: boolean | VarOptions, d?: VarOptions): [Tensor, Tensor] {
  const [dims, dof, keepdim] = varArgs(x, STD_MEAN, a, b, c, d, 'std_mean');
  return [stdNode(x, dims, dof, keepdim, 'StdMeanBackward0'), meanNode(x, dims, keepdim, 'StdMeanBackward0')];
}

const LOGSUMEXP: ArgSig = { fn: 'logsumexp', names: ['dim', 'keepdim'], kinds: ['dims', 'bool'], keys: ['dim', 'keepdim'], required: 1 };
const NORM: ArgSig = { fn: 'norm', names: ['p', 'dim', 'keepdim'], kinds: ['p', 'dims', 'bool'], keys: ['p', 'dim', 'keepdim', 'dtype'] };

/**
 * log(sum(exp(x))) over dims, computed stably: the max (0 where infinite) is subtracted first.
 * @example x.logsumexp(1)
 */
export function logsumexp(input: Tensor, opts: KeepDim & { dim: Dims }): Tensor;
export function logsumexp(input: Tensor, dim: Dims, keepdim?: boolean | KeepDim): Tensor;
export function logsumexp(input: Tensor, a: unknown, b?: unknown, c?: unknown): Tensor {
  const kw = parseArgs(LOGSUMEXP, a, b, c);
  const x = input.to(floatDtype(input.dtype));
  const dims = normDims(pick(a, kw, 'dim') as Dims, x.shape.length);
  const keepdim = pick(b, kw, 'keepdim') === true;
  const out = noGrad(() => {
    if (x.numel() === 0) return x.exp().sum(dims, { keepdim }).log();
    const amax = x.amax(dims, { keepdim: true });
    const m = where(amax.isinf(), 0, amax);
    const s = x.sub(m).exp().sum(dims, { keepdim }).log();
    return s.add(keepdim ? m : m.reshape(s.shape));
  });
  if (needsGrad(x)) {
    record(out, 'LogsumexpBackward0', [x], [x, out], null, (g, s) => {
      const xs = s[0]!;
      const ge = expandBack(g, xs.shape, dims, keepdim), r = expandBack(s[1]!, xs.shape, dims, keepdim);
      return [ge.mul(xs.sub(r).exp())];
    });
  }
  return out;
}

/** norm's keyword options. */
export interface NormOptions extends KeepDim {
  /** Cast the input to this dtype first. */
  dtype?: DType;
}
/** norm's order p: a number (Infinity, -Infinity and 0 included), 'fro' (2) or 'nuc' (the nuclear norm); null is 2. */
export type NormP = number | 'fro' | 'nuc' | null;
/**
 * Vector p-norm over dims (p = 2 by default; 'fro' is 2; Infinity, -Infinity and 0 allowed; 'nuc' the
 * nuclear norm of a matrix) (torch.norm). The gradient at a zero norm is zero, as in PyTorch.
 * @example norm(x, { p: 1, dim: 0 })
 */
export function norm(x: Tensor, opts?: NormOptions & { p?: NormP; dim?: Dims | null }): Tensor;
/** norm with p first: `norm(x, 1)`, `norm(x, 2, { dim: 1 })`. */
export function norm(x: Tensor, p: NormP | undefined, opts?: NormOptions & { dim?: Dims | null }): Tensor;
/** norm's positional form: `norm(x, 2, 1, true)`. */
export function norm(x: Tensor, p: NormP | undefined, dim: Dims | null | undefined, keepdim?: boolean | NormOptions, opts?: { dtype?: DType }): Tensor;
export function norm(input: Tensor, a?: unknown, b?: unknown, c?: unknown, d?: unknown): Tensor {
  const kw = parseArgs(NORM, a, b, c, d);
  const dtype = kw?.dtype as DType | undefined;
  const x = dtype === undefined ? input : input.to(dtype);
  const p = (pick(a, kw, 'p') as NormP | undefined) ?? 2;
  const dim = (pick(b, kw, 'dim') as Dims | null | undefined) ?? undefined;
  if (!isFloating(x.dtype)) {
    throw new TypeError(`norm(): input dtype should be either floating point or complex. Got ${x.dtype === 'bool' ? 'Bool' : 'Long'} instead.`);
  }
  const keepdim = pick(c, kw, 'keepdim') === true;
  if (typeof p === 'string' && p !== 'fro') return nuclearNorm(x, p, dim, keepdim);
  const dims = normDims(dim, x.shape.length);
  const pp = p === 'fro' ? 2 : p;
  if (pp === Infinity || pp === -Infinity || pp === 0) return normSpecial(x, pp, dims, keepdim);
  const out = noGrad(() => {
    if (pp === 1) return x.abs().sum(dims, { keepdim });
    const exact = pp === 2 ? normTwoF32(x, dims, keepdim) : null;
    if (exact !== null) return exact;
    const powered = pp === 2 ? x.mul(x) : x.abs().pow(pp);
    return powered.sum(dims, { keepdim }).pow(1 / pp);
  });
  if (needsGrad(x)) {
    record(out, 'NormBackward1', [x], [x, out], null, (g, s) => {
      const xs = s[0]!;
      const ge = expandBack(g, xs.shape, dims, keepdim), nrm = expandBack(s[1]!, xs.shape, dims, keepdim);
      if (pp === 1) return [xs.sign().mul(ge)];
      if (pp === 2) return [xs.mul(where(nrm.eq(0), 0, ge.div(nrm)))];
      const scaled = pp < 2 ? xs.sign().mul(xs.abs().pow(pp - 1)) : xs.mul(xs.abs().pow(pp - 2));
      return [scaled.mul(where(nrm.eq(0), 0, ge.div(nrm.pow(pp - 1))))];
    });
  }
  return out;
}

/** torch.norm(x, 'nuc'): the matrix nuclear norm over two dims (PyTorch's errors otherwise). */
function nuclearNorm(x: Tensor, p: string, dim: Dims | undefined, keepdim: boolean): Tensor {
  if (p !== 'nuc') throw new Error(`only valid string values are 'fro' and 'nuc', found ${p}`);
  if (dim === undefined) {
    if (x.ndim !== 2) throw new Error(`Expected a tensor with 2 dimensions, but got a tensor with ${x.ndim} dimensions instead.`);
    return matrixNorm(x, 'nuc', [0, 1], { keepdim });
  }
  const dims = typeof dim === 'number' ? [dim] : [...dim];
  if (dims.length !== 2) throw new Error("nuclear norm requires a 'dim' argument of size 2");
  return matrixNorm(x, 'nuc', dims, { keepdim });
}

/**
 * p = +-inf (the largest / smallest |x|) and p = 0 (the count of non-zeros), with PyTorch's
 * NormBackward1: for +-inf the gradient sign(x) * g shared evenly among the entries that attain
 * the norm; for 0 zeros.
 */
function normSpecial(x: Tensor, p: number, dims: number[], keepdim: boolean): Tensor {
  const out = noGrad(() => (p === 0 ? x.ne(0).to(x.dtype).sum(dims, { keepdim })
    : p > 0 ? x.abs().amax(dims, { keepdim }) : x.abs().amin(dims, { keepdim })));
  if (needsGrad(x)) {
    record(out, 'NormBackward1', [x], [x, out], null, (g, s) => {
      const xs = s[0]!;
      if (p === 0) return [xs.mul(0)];
      const hit = xs.abs().eq(expandBack(s[1]!, xs.shape, dims, keepdim));
      const count = hit.sum(dims, { keepdim: true });
      return [where(hit, xs.sign().mul(expandBack(g, xs.shape, dims, keepdim)).div(count), 0)];
    });
  }
  return out;
}
