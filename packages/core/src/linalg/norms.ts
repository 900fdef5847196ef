/**
 * torch.linalg.vector_norm, matrix_norm and norm. vectorNorm is one node with PyTorch's
 * norm_backward; matrixNorm composes differentiable ops (abs, sum, amax, svdvals) as PyTorch does.
 */
import { isFloating, type DType } from '../dtype';
import { noGrad } from '../autograd/grad-mode';
import { needsGrad, record } from '../autograd/record';
import { normDim, normDims } from '../shape';
import type { Tensor } from '../tensor';
import { where } from '../ops/binary';
import { expandBack } from '../ops/reduce';
import { checkOptions } from '../options';
import { checkFloat, checkMatrix, typeName } from './common';
import { svdvals } from './spectral';

export interface NormOptions {
  /** Keep the reduced dims with size 1. */
  keepdim?: boolean;
  /** Cast the input to this floating dtype first (no narrowing). */
  dtype?: DType;
}

const NORM_KEYS = ['keepdim', 'dtype'];

function fmtOrd(ord: number): string {
  return ord === Infinity ? 'inf' : ord === -Infinity ? '-inf' : String(ord);
}

/** PyTorch's dtype= rule for norms: floating, and no narrowing of the input. */
function castFor(fn: string, x: Tensor, dtype: DType | undefined): Tensor {
  checkFloat(fn, x);
  if (dtype === undefined) return x;
  if (!isFloating(dtype)) throw new TypeError(`${fn}: dtype should be floating point or complex, but got ${typeName(dtype)}`);
  if (x.dtype === 'float64' && dtype === 'float32') {
    throw new TypeError(`${fn}: the dtype of the input (${typeName(x.dtype)}) should be convertible without narrowing to the specified dtype (${typeName(dtype)})`);
  }
  return x.to(dtype);
}

/**
 * The vector ord-norm over `dim` (all dims when omitted): sum(|x|^ord)^(1/ord); inf/-inf are
 * max/min |x|, 0 counts nonzeros.
 * @example linalg.vectorNorm(x, 2, -1, { keepdim: true })
 */
export function vectorNorm(input: Tensor, ord = 2, dim?: number | number[] | null, opts: NormOptions = {}): Tensor {
  checkOptions('linalg_vector_norm', opts, NORM_KEYS);
  const x = castFor('linalg.vector_norm', input, opts.dtype);
  const keepdim = opts.keepdim ?? false;
  const dims = normDims(dim ?? undefined, x.ndim);
  if (Math.abs(ord) === Infinity && x.numel() === 0) {
    if (dim === undefined || dim === null || (Array.isArray(dim) && dim.length === 0)) {
      throw new Error(`linalg.vector_norm cannot compute the ${fmtOrd(ord)} norm on an empty tensor because the operation does not have an identity`);
    }
    for (const d of dims) {
      if (x.shape[d] === 0) {
        throw new Error(`linalg.vector_norm cannot compute the ${fmtOrd(ord)} norm on the dimension ${d}because this dimension is empty and the operation does not have an identity`);
      }
    }
  }
  const out = noGrad(() => {
    const ax = x.abs();
    if (ord === Infinity) return ax.amax(dims, { keepdim });
    if (ord === -Infinity) return ax.amin(dims, { keepdim });
    if (ord === 0) return x.ne(0).to(x.dtype).sum(dims, { keepdim });
    if (ord === 1) return ax.sum(dims, { keepdim });
    if (ord === 2) return x.mul(x).sum(dims, { keepdim }).sqrt();
    return ax.pow(ord).sum(dims, { keepdim }).pow(1 / ord);
  });
  if (needsGrad(x)) {
    record(out, 'LinalgVectorNormBackward0', [x], [x, out], null, (g, s) => [
      vectorNormBackward(g, s[0]!, s[1]!, ord, dims, keepdim),
    ]);
  }
  return out;
}

/** PyTorch's norm_backward: the gradient at a zero norm is 0; inf norms split among ties. */
function vectorNormBackward(g: Tensor, x: Tensor, norm: Tensor, ord: number, dims: number[], keepdim: boolean): Tensor {
  const ge = expandBack(g, x.shape, dims, keepdim), nrm = expandBack(norm, x.shape, dims, keepdim);
  if (ord === 0) return x.mul(0);
  if (ord === 1) return x.sign().mul(ge);
  if (ord === 2) return x.mul(where(nrm.eq(0), 0, ge.div(nrm)));
  if (Math.abs(ord) === Infinity) {
    const ax = x.abs();
    const mask = ax.eq(nrm).logicalOr(ax.isnan()).to(x.dtype);
    const count = mask.sum(dims, { keepdim: true });
    return x.sign().mul(ge.div(count).mul(mask));
  }
  if (ord < 1) {
    const scaled = where(x.eq(0), 0, x.sign().mul(x.abs().pow(ord - 1)));
    return scaled.mul(ge).mul(nrm.pow(1 - ord));
  }
  const scaled = ord < 2 ? x.sign().mul(x.abs().pow(ord - 1)) : x.mul(x.abs().pow(ord - 2));
  return scaled.mul(where(nrm.eq(0), 0, ge.div(nrm.pow(ord - 1))));
}

export type MatrixOrd = 'fro' | 'nuc' | number;

/**
 * Matrix norms over the two dims `dim` (default the last two): 'fro', 'nuc', inf, -inf, 1, -1,
 * 2 (largest singular value), -2 (smallest).
 * @example linalg.matrixNorm(a, 'nuc')
 */
export function matrixNorm(input: Tensor, ord: MatrixOrd = 'fro', dim: [number, number] | number[] = [-2, -1], opts: NormOptions = {}): Tensor {
  checkOptions('linalg_matrix_norm', opts, NORM_KEYS);
  checkMatrix('linalg.matrix_norm', input, false);
  const x = castFor('linalg.matrix_norm', input, opts.dtype);
  if (dim.length !== 2) throw new Error(`linalg.matrix_norm: dim must be a 2-tuple. Got ${dim.join(' ')}`);
  const d0 = normDim(dim[0], x.ndim), d1 = normDim(dim[1], x.ndim);
  if (d0 === d1) throw new Error(`linalg.matrix_norm: dims must be different. Got (${dim[0]}, ${dim[1]})`);
  const keepdim = opts.keepdim ?? false;
  if (ord === 'fro') return vectorNorm(x, 2, [d0, d1], { keepdim });
  if (ord === 'nuc' || Math.abs(ord) === 2) {
    // Singular values of the matrices moved to the end, then put the reduced dims back.
    const sv = svdvals(movedPair(x, d0, d1));
    let r = ord === 'nuc' ? sv.sum(-1) : ord === 2 ? sv.amax(-1) : sv.amin(-1);
    if (keepdim) {
      const [lo, hi] = d0 < d1 ? [d0, d1] : [d1, d0];
      r = r.unsqueeze(lo).unsqueeze(hi);
    }
    return r;
  }
  if (ord !== 1 && ord !== -1 && Math.abs(ord) !== Infinity) {
    throw new Error(`linalg.matrix_norm: Order ${typeof ord === 'number' ? fmtOrd(ord) : String(ord)} not supported.`);
  }
  // 1: max column sum (sum over rows d0, then extreme over d1); inf: max row sum.
  const [sumDim, extDim] = Math.abs(ord) === 1 ? [d0, d1] : [d1, d0];
  const sums = x.abs().sum(sumDim, { keepdim: true });
  const ext = ord > 0 ? sums.amax(extDim, { keepdim: true }) : sums.amin(extDim, { keepdim: true });
  return keepdim ? ext : ext.squeeze([d0, d1]);
}

/** x with dims d0, d1 moved to the end, in that order. */
function movedPair(x: Tensor, d0: number, d1: number): Tensor {
  const rest = Array.from({ length: x.ndim }, (_, i) => i).filter((i) => i !== d0 && i !== d1);
  return x.permute([...rest, d0, d1]);
}

/**
 * torch.linalg.norm: a vector norm when dim has one entry (or the input is 1-D), a matrix norm
 * for two dims (or a 2-D input with ord given), the 2-norm of everything when neither is given.
 * @example linalg.norm(a) // Frobenius / 2-norm of all elements
 */
export function norm(x: Tensor, ord?: MatrixOrd | null, dim?: number | number[] | null, opts: NormOptions = {}): Tensor {
  checkOptions('linalg_norm', opts, NORM_KEYS);
  if (dim !== undefined && dim !== null) {
    const dims = typeof dim === 'number' ? [dim] : dim;
    if (dims.length === 1 && typeof ord !== 'string') return vectorNorm(x, ord ?? 2, dims, opts);
    if (dims.length === 1 || dims.length === 2) return matrixNorm(x, ord ?? 'fro', dims, opts);
    throw new Error(`linalg.norm: If dim is specified, it must be of length 1 or 2. Got [${dims.join(', ')}]`);
  }
  if (ord !== undefined && ord !== null) {
    if (x.ndim !== 1 && x.ndim !== 2) throw new Error(`linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got ${x.ndim}D.`);
    return x.ndim === 2 || typeof ord === 'string' ? matrixNorm(x, ord, [-2, -1], opts) : vectorNorm(x, ord, null, opts);
  }
  return vectorNorm(x, 2, null, opts);
}
