/**
 * Matrix products: one strided batched kernel; mm, mv, dot and bmm each record their own node,
 * and matmul dispatches on the operands' dims exactly as torch.matmul does (so its errors read
 * the same).
 */
import type { DType } from '../dtype';
import { backendOf, type View } from '../backend/index';
import { needsGrad, record } from '../autograd/record';
import { broadcastShapes, numelOf } from '../shape';
import { Tensor } from '../tensor';
import { alloc } from './util';

/** PyTorch's scalar type names in "expected scalar type" messages (int32 stands for Long). */
function typeName(d: DType): string {
  return d === 'float32' ? 'Float' : d === 'float64' ? 'Double' : d === 'bool' ? 'Bool' : 'Long';
}

function checkSameDtype(a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) throw new TypeError(`expected scalar type ${typeName(a.dtype)} but found ${typeName(b.dtype)}`);
}

/**
 * The kernel on 3-D views [B,M,K] x [B,K,N] (any strides, 0 = broadcast) into a new tensor of
 * `shape` (B*M*N elements). `plain`: PyTorch's own loop (separate multiply and add roundings).
 */
function product(a: View, b: View, shape: number[], plain = false): Tensor {
  const out = alloc(shape, a.dtype, a.storage.device);
  // A bare product (mm, bmm, matmul): PyTorch's BLAS may take its small TN kernel (see Backend.matmul).
  backendOf(a).matmul(a, b, out, plain, true);
  return out;
}

/** A [1, r, c] view of a matrix for the kernel (no copy, no graph). */
function as3d(m: Tensor): View {
  return { storage: m.storage, shape: [1, m.shape[0]!, m.shape[1]!], strides: [0, m.strides[0]!, m.strides[1]!], offset: m.offset, dtype: m.dtype };
}

/** A [1, n, 1] (column) or [1, 1, n] (row) view of a vector. */
function vec3d(v: Tensor, column: boolean): View {
  const n = v.shape[0]!, s = v.strides[0]!;
  return { storage: v.storage, shape: column ? [1, n, 1] : [1, 1, n], strides: column ? [0, s, 0] : [0, 0, s], offset: v.offset, dtype: v.dtype };
}

/**
 * mat1 @ mat2 for 2-D tensors.
 * @example mm(x, w) // [6,2] x [2,5] -> [6,5]
 */
export function mm(a: Tensor, b: Tensor): Tensor {
  if (a.shape.length !== 2) throw new Error('self must be a matrix');
  if (b.shape.length !== 2) throw new Error('mat2 must be a matrix');
  if (a.shape[1] !== b.shape[0]) {
    throw new Error(`mat1 and mat2 shapes cannot be multiplied (${a.shape[0]}x${a.shape[1]} and ${b.shape[0]}x${b.shape[1]})`);
  }
  checkSameDtype(a, b);
  const out = product(as3d(a), as3d(b), [a.shape[0]!, b.shape[1]!]);
  if (needsGrad(a, b)) {
    const needA = a.requiresGrad, needB = b.requiresGrad;
    // grad_a reads b and grad_b reads a: save only what is needed.
    const saved = needA && needB ? [a, b] : needA ? [b] : [a];
    record(out, 'MmBackward0', [a, b], saved, null, (g, s) => [
      needA ? g.mm(s[needB ? 1 : 0]!.t()) : null,
      needB ? s[0]!.t().mm(g) : null,
    ]);
  }
  return out;
}

/** Matrix-vector product [M,K] x [K] -> [M]. */
export function mv(a: Tensor, v: Tensor): Tensor {
  if (a.shape.length !== 2 || v.shape.length !== 1) {
    throw new Error(`vector + matrix @ vector expected, got 1, ${a.shape.length}, ${v.shape.length}`);
  }
  if (a.shape[1] !== v.shape[0]) {
    throw new Error(`size mismatch, got ${a.shape[0]}, ${a.shape[0]}x${a.shape[1]},${v.shape[0]}`);
  }
  checkSameDtype(a, v);
  const out = product(as3d(a), vec3d(v, true), [a.shape[0]!]);
  if (needsGrad(a, v)) {
    const needA = a.requiresGrad, needV = v.requiresGrad;
    const saved = needA && needV ? [a, v] : needA ? [v] : [a];
    record(out, 'MvBackward0', [a, v], saved, null, (g, s) => [
      needA ? g.outer(s[needV ? 1 : 0]!) : null,
      needV ? s[0]!.t().mv(g) : null,
    ]);
  }
  return out;
}

/** Batched product of 3-D tensors [B,M,K] x [B,K,N]. */
export function bmm(a: Tensor, b: Tensor): Tensor {
  if (a.shape.length !== 3) throw new Error('batch1 must be a 3D tensor');
  if (b.shape.length !== 3) throw new Error('batch2 must be a 3D tensor');
  if (a.shape[0] !== b.shape[0] || a.shape[2] !== b.shape[1]) {
    throw new Error(`Expected size for first two dimensions of batch2 tensor to be: [${a.shape[0]}, ${a.shape[2]}] but got: [${b.shape[0]}, ${b.shape[1]}].`);
  }
  checkSameDtype(a, b);
  // PyTorch multiplies small batches (K*M*N < 400) with its own loop, larger ones with BLAS.
  const out = product(a, b, [a.shape[0]!, a.shape[1]!, b.shape[2]!], a.shape[1]! * a.shape[2]! * b.shape[2]! < 400);
  if (needsGrad(a, b)) {
    const needA = a.requiresGrad, needB = b.requiresGrad;
    const saved = needA && needB ? [a, b] : needA ? [b] : [a];
    record(out, 'BmmBackward0', [a, b], saved, null, (g, s) => [
      needA ? g.bmm(s[needB ? 1 : 0]!.transpose(1, 2)) : null,
      needB ? s[0]!.transpose(1, 2).bmm(g) : null,
    ]);
  }
  return out;
}

/** 1-D inner product. */
export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.shape.length !== 1 || b.shape.length !== 1) {
    throw new Error(`1D tensors expected, but got ${a.shape.length}D and ${b.shape.length}D tensors`);
  }
  if (a.shape[0] !== b.shape[0]) {
    throw new Error(`inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`);
  }
  if (a.dtype !== b.dtype) {
    throw new TypeError(`dot : expected both vectors to have same dtype, but found ${typeName(a.dtype)} and ${typeName(b.dtype)}`);
  }
  const out = product(vec3d(a, false), vec3d(b, true), []);
  if (needsGrad(a, b)) {
    const needA = a.requiresGrad, needB = b.requiresGrad;
    const saved = needA && needB ? [a, b] : needA ? [b] : [a];
    record(out, 'DotBackward0', [a, b], saved, null, (g, s) => [
      needA ? g.mul(s[needB ? 1 : 0]!) : null,
      needB ? g.mul(s[0]!) : null,
    ]);
  }
  return out;
}

/** Outer product of two vectors (PyTorch computes it as a broadcast multiply). */
export function outer(a: Tensor, b: Tensor): Tensor {
  if (a.shape.length !== 1) throw new Error(`outer: Expected 1-D argument self, but got ${a.shape.length}-D`);
  if (b.shape.length !== 1) throw new Error(`outer: Expected 1-D argument vec2, but got ${b.shape.length}-D`);
  return a.reshape([-1, 1]).mul(b);
}

/**
 * torch.matmul: dot, mv, mm, or a batched product with broadcast batch dims. A batch of matrices
 * against a matrix or vector is folded into one mm/mv, as PyTorch does.
 * @example matmul(randn(10, 3, 4), randn(4, 5)) // [10, 3, 5]
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const da = a.shape.length, db = b.shape.length;
  if (da === 0 || db === 0) throw new Error(`both arguments to matmul need to be at least 1D, but they are ${da}D and ${db}D`);
  if (da === 1 && db === 1) return dot(a, b);
  if (da === 2 && db === 1) return mv(a, b);
  if (da === 1 && db === 2) return mm(a.unsqueeze(0), b).squeeze(0);
  if (da === 2 && db === 2) return mm(a, b);
  if (da >= 3 && db <= 2) {
    // Fold a's batch into its rows: one mm (or mv).
    // The row count explicitly, not -1: an empty last dim would leave -1 undetermined.
    const lead = a.shape.slice(0, -1);
    const rows = a.reshape([numelOf(lead), a.shape[da - 1]!]);
    return db === 2 ? mm(rows, b).reshape([...lead, b.shape[1]!]) : mv(rows, b).reshape(lead);
  }
  if (db >= 3 && da <= 2) {
    // Fold b's batch instead, through the transpose: (b^T a^T)^T.
    const bt = b.mT;
    const lead = bt.shape.slice(0, -1);
    const rows = bt.reshape([numelOf(lead), bt.shape[db - 1]!]);
    if (da === 1) return mv(rows, a).reshape(lead);
    return mm(rows, a.t()).reshape([...lead, a.shape[0]!]).mT.contiguous();
  }
  // Batched: broadcast the batch dims, one bmm, drop the dims of promoted vectors.
  const n = da > 1 ? a.shape[da - 2]! : 1, m1 = a.shape[da - 1]!;
  const m2 = db > 1 ? b.shape[db - 2]! : b.shape[0]!, p = db > 1 ? b.shape[db - 1]! : 1;
  const batch = broadcastShapes(a.shape.slice(0, Math.max(da - 2, 0)), b.shape.slice(0, Math.max(db - 2, 0)));
  const bp = batch.reduce((x, y) => x * y, 1);
  const a3 = (da === 1 ? a.unsqueeze(0) : a).expand([...batch, n, m1]).reshape([bp, n, m1]);
  const b3 = (db === 1 ? b.unsqueeze(1) : b).expand([...batch, m2, p]).reshape([bp, m2, p]);
  const shape = [...batch, ...(da > 1 ? [n] : []), ...(db > 1 ? [p] : [])];
  return bmm(a3, b3).reshape(shape);
}
