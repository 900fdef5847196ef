/** Matrix products: one strided batched kernel; matmul's 1-D/2-D/batched rules are views on top. */
import { backend } from '../backend/index';
import { needsGrad, record } from '../autograd/record';
import { broadcastShapes } from '../shape';
import { Tensor } from '../tensor';
import { alloc } from './util';
import { promoteTypes } from '../dtype';

function checkDtypes(a: Tensor, b: Tensor, what: string): void {
  if (a.dtype !== b.dtype) {
    throw new TypeError(`expected ${what} to have the same dtype, but got: ${a.dtype} != ${b.dtype}`);
  }
}

/** [B,M,K] x [B,K,N] (strides as they come) -> new contiguous [B,M,N]; no autograd. */
function batchedRaw(a: Tensor, b: Tensor): Tensor {
  const out = alloc([a.shape[0]!, a.shape[1]!, b.shape[2]!], promoteTypes(a.dtype, b.dtype));
  backend().matmul(a, b, out.storage.data);
  return out;
}

/** A 3-D view [1, r, c] of a matrix, for the kernel (no copy, no graph). */
function as3d(m: Tensor): Tensor {
  return new Tensor(m.storage, [1, m.shape[0]!, m.shape[1]!], [0, m.strides[0]!, m.strides[1]!], m.offset, m.dtype);
}

/** mat1 @ mat2 for 2-D tensors. */
export function mm(a: Tensor, b: Tensor): Tensor {
  if (a.shape.length !== 2) throw new Error('self must be a matrix');
  if (b.shape.length !== 2) throw new Error('mat2 must be a matrix');
  if (a.shape[1] !== b.shape[0]) {
    throw new Error(`mat1 and mat2 shapes cannot be multiplied (${a.shape[0]}x${a.shape[1]} and ${b.shape[0]}x${b.shape[1]})`);
  }
  checkDtypes(a, b, 'mat1 and mat2');
  const r = batchedRaw(as3d(a), as3d(b));
  const out = new Tensor(r.storage, [a.shape[0]!, b.shape[1]!], [b.shape[1]!, 1], 0, r.dtype);
  if (needsGrad(a, b)) {
    record(out, 'MmBackward0', [a, b], [a, b], null, (g, s) => [
      a.requiresGrad ? g.mm(s[1]!.t()) : null,
      b.requiresGrad ? s[0]!.t().mm(g) : null,
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
  checkDtypes(a, b, 'batch1 and batch2');
  const out = batchedRaw(a, b);
  if (needsGrad(a, b)) {
    record(out, 'BmmBackward0', [a, b], [a, b], null, (g, s) => [
      a.requiresGrad ? g.bmm(s[1]!.transpose(1, 2)) : null,
      b.requiresGrad ? s[0]!.transpose(1, 2).bmm(g) : null,
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
  checkDtypes(a, b, 'both vectors');
  const r = batchedRaw(new Tensor(a.storage, [1, 1, a.shape[0]!], [0, 0, a.strides[0]!], a.offset, a.dtype),
    new Tensor(b.storage, [1, b.shape[0]!, 1], [0, b.strides[0]!, 0], b.offset, b.dtype));
  const out = new Tensor(r.storage, [], [], 0, r.dtype);
  if (needsGrad(a, b)) {
    record(out, 'DotBackward0', [a, b], [a, b], null, (g, s) => [g.mul(s[1]!), g.mul(s[0]!)]);
  }
  return out;
}

/** Outer product of two vectors. */
export function outer(a: Tensor, b: Tensor): Tensor {
  return a.reshape([-1, 1]).mul(b.reshape([1, -1]));
}

/** torch.matmul: dot, mv, mm, or a batched product with broadcast batch dims. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const da = a.shape.length, db = b.shape.length;
  if (da === 0 || db === 0) throw new Error(`both arguments to matmul need to be at least 1D, but they are ${da}D and ${db}D`);
  if (da === 1 && db === 1) return dot(a, b);
  if (da === 2 && db === 2) return mm(a, b);
  if (da === 1 && db === 2) {
    if (a.shape[0] !== b.shape[0]) throw new Error(`size mismatch, got input (${b.shape[0]}), mat (${b.shape[0]}x${b.shape[1]}), vec (${a.shape[0]})`.replace(/input \(\d+\), mat \((\d+)x(\d+)\)/, `input (${b.shape[1]}), mat (${b.shape[1]}x${b.shape[0]})`));
    return mm(a.unsqueeze(0), b).squeeze(0);
  }
  if (da === 2 && db === 1) {
    if (a.shape[1] !== b.shape[0]) throw new Error(`size mismatch, got input (${a.shape[0]}), mat (${a.shape[0]}x${a.shape[1]}), vec (${b.shape[0]})`);
    return mm(a, b.unsqueeze(1)).squeeze(1);
  }
  // Batched: promote 1-D operands, broadcast the batch dims, run bmm, drop the promoted dims.
  const a2 = da === 1 ? a.unsqueeze(0) : a;
  const b2 = db === 1 ? b.unsqueeze(1) : b;
  const [M, K] = a2.shape.slice(-2) as [number, number];
  const [K2, N] = b2.shape.slice(-2) as [number, number];
  if (K !== K2) {
    throw new Error(`Expected size for first two dimensions of batch2 tensor to be: [${numel(a2.shape.slice(0, -2))}, ${K}] but got: [${numel(b2.shape.slice(0, -2))}, ${K2}].`);
  }
  if (db <= 2) {
    // (..., M, K) @ (K, N): fold the batch into rows, one mm.
    const rows = a2.reshape([-1, K]).mm(b2);
    const out = rows.reshape([...a2.shape.slice(0, -1), N]);
    return db === 1 ? out.squeeze(-1) : out;
  }
  const batch = broadcastShapes(a2.shape.slice(0, -2), b2.shape.slice(0, -2));
  const a3 = a2.expand([...batch, M, K]).reshape([-1, M, K]);
  const b3 = b2.expand([...batch, K, N]).reshape([-1, K, N]);
  let out = bmm(a3, b3).reshape([...batch, M, N]);
  if (da === 1) out = out.squeeze(-2);
  if (db === 1) out = out.squeeze(-1);
  return out;
}

function numel(s: readonly number[]): number {
  return s.reduce((p, v) => p * v, 1);
}
