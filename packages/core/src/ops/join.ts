/**
 * Joining tensors: cat and stack (plus hstack/vstack/dstack). The result is a new contiguous
 * tensor of the promoted dtype; each input's gradient is its slice of the output's gradient.
 */
import { promoteTypes, type DType } from '../dtype';
import { backendOf } from '../backend/index';
import { anyNeedsGrad, record } from '../autograd/record';
import { fmtShape, normDim, shapeEquals } from '../shape';
import { Tensor } from '../tensor';
import { alloc } from './util';

/** Copies each part into `out` at consecutive positions along `dim` (parts share out's other sizes). */
function catInto(parts: readonly Tensor[], dim: number, out: Tensor): void {
  let at = 0;
  for (const p of parts) {
    // The part's slot is a strided view of out; the copy kernel casts to out's dtype.
    const slot = new Tensor(out.storage, p.shape.slice(), out.strides.slice(), out.offset + at * out.strides[dim]!, out.dtype);
    if (p.numel() > 0) backendOf(out).copy(p, slot);
    at += p.shape[dim]!;
  }
}

/** PyTorch skips legacy 1-D empty tensors (shape [0]) when checking and joining. */
function isLegacyEmpty(t: Tensor): boolean {
  return t.shape.length === 1 && t.shape[0] === 0;
}

/**
 * torch.cat: joins tensors along an existing dim; sizes must match in every other dim.
 * @example cat([ones(2, 3), zeros(2, 1)], 1).shape // [2, 4]
 */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new Error('torch.cat(): expected a non-empty list of Tensors');
  let dtype: DType = tensors[0]!.dtype;
  for (let i = 0; i < tensors.length; i++) {
    const t = tensors[i]!;
    if (t.shape.length === 0) throw new Error(`zero-dimensional tensor (at position ${i}) cannot be concatenated`);
    dtype = promoteTypes(dtype, t.dtype);
  }
  const ref = tensors.find((t) => !isLegacyEmpty(t));
  if (ref === undefined) {
    // All inputs are empty vectors: the result is one too.
    const out = alloc([0], dtype, tensors[0]!.storage.device);
    return recordCat(out, tensors, 0, tensors.map(() => 0), tensors.map(() => false));
  }
  const nd = ref.shape.length;
  const d = normDim(dim, nd);
  const shape = ref.shape.slice();
  let total = 0;
  const parts: Tensor[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < tensors.length; i++) {
    const t = tensors[i]!;
    if (isLegacyEmpty(t)) { sizes.push(0); continue; }
    if (t.shape.length !== nd) throw new Error(`Tensors must have same number of dimensions: got ${nd} and ${t.shape.length}`);
    for (let k = 0; k < nd; k++) {
      if (k !== d && t.shape[k] !== ref.shape[k]) {
        throw new Error(`Sizes of tensors must match except in dimension ${d}. Expected size ${ref.shape[k]} but got size ${t.shape[k]} for tensor number ${i} in the list.`);
      }
    }
    total += t.shape[d]!;
    sizes.push(t.shape[d]!);
    parts.push(t);
  }
  shape[d] = total;
  const out = alloc(shape, dtype, tensors[0]!.storage.device);
  catInto(parts, d, out);
  return recordCat(out, tensors, d, sizes, tensors.map(isLegacyEmpty));
}

function recordCat(out: Tensor, tensors: readonly Tensor[], d: number, sizes: readonly number[], skipped: readonly boolean[]): Tensor {
  if (!anyNeedsGrad(tensors)) return out;
  const dtypes = tensors.map((t) => t.dtype);
  record(out, 'CatBackward0', tensors, [], null, (g) => {
    let at = 0;
    return sizes.map((n, i) => {
      const part = skipped[i] ? alloc([0], g.dtype, g.storage.device) : g.narrow(d, at, n);
      at += n;
      return part.dtype === dtypes[i] ? part : part.to(dtypes[i]!);
    });
  });
  return out;
}

/**
 * torch.stack: joins equal-shaped tensors along a new dim.
 * @example stack([ones(2), zeros(2)], 1).shape // [2, 2]
 */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new Error('stack expects a non-empty TensorList');
  const first = tensors[0]!;
  const d = normDim(dim, first.shape.length + 1);
  let dtype: DType = first.dtype;
  for (let i = 1; i < tensors.length; i++) {
    const t = tensors[i]!;
    if (!shapeEquals(t.shape, first.shape)) {
      throw new Error(`stack expects each tensor to be equal size, but got ${fmtShape(first.shape)} at entry 0 and ${fmtShape(t.shape)} at entry ${i}`);
    }
    dtype = promoteTypes(dtype, t.dtype);
  }
  const parts = tensors.map((t) => {
    const shape = t.shape.slice(), strides = t.strides.slice();
    shape.splice(d, 0, 1);
    strides.splice(d, 0, 0);
    return new Tensor(t.storage, shape, strides, t.offset, t.dtype);
  });
  const shape = first.shape.slice();
  shape.splice(d, 0, tensors.length);
  const out = alloc(shape, dtype, tensors[0]!.storage.device);
  catInto(parts, d, out);
  if (anyNeedsGrad(tensors)) {
    const dtypes = tensors.map((t) => t.dtype);
    record(out, 'StackBackward0', tensors, [], null, (g) => dtypes.map((dt, i) => {
      const part = g.select(d, i);
      return part.dtype === dt ? part : part.to(dt);
    }));
  }
  return out;
}

function atLeast(t: Tensor, n: number): Tensor {
  if (t.shape.length >= n) return t;
  if (n === 2) return t.reshape(t.shape.length === 0 ? [1, 1] : [1, t.shape[0]!]);
  // atleast_3d: [] -> [1,1,1], [n] -> [1,n,1], [a,b] -> [a,b,1]
  if (t.shape.length === 0) return t.reshape([1, 1, 1]);
  if (t.shape.length === 1) return t.reshape([1, t.shape[0]!, 1]);
  return t.unsqueeze(2);
}

/** torch.hstack: cat along dim 1 (dim 0 for vectors). */
export function hstack(tensors: readonly Tensor[]): Tensor {
  const ts = tensors.map((t) => (t.shape.length === 0 ? t.reshape([1]) : t));
  return cat(ts, ts[0] !== undefined && ts[0].shape.length === 1 ? 0 : 1);
}
/** torch.vstack: cat along dim 0 after making every input at least 2-D. */
export function vstack(tensors: readonly Tensor[]): Tensor {
  return cat(tensors.map((t) => atLeast(t, 2)), 0);
}
/** torch.dstack: cat along dim 2 after making every input at least 3-D. */
export function dstack(tensors: readonly Tensor[]): Tensor {
  return cat(tensors.map((t) => atLeast(t, 3)), 2);
}
