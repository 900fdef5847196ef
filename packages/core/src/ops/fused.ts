/**
 * Ops PyTorch runs as one fused kernel: add/sub with alpha, addcmul, addcdiv, lerp, and their
 * in-place forms (the optimizers' updates). The kernel rounds as PyTorch's does (one fma where
 * PyTorch's compiler contracts one), so `p.add_(g, {alpha: -lr})` gives PyTorch's bits.
 */
import { castOperand, castValue, isFloating, type DType } from '../dtype';
import type { FusedOp } from '../backend/types';
import { backendOf } from '../backend/index';
import { needsGrad, record } from '../autograd/record';
import { broadcastShapes, shapeEquals } from '../shape';
import { Tensor } from '../tensor';
import { alloc, writeInto } from './util';
import { aliases, inplaceTracked, inplaceTracks, written } from './inplace';
import { resultType, scalarTensor, sumToShape, type Operand } from './binary';
import { commonDevice, matchDevice } from './devices';

/** Operands of a fused op: a, b (tensor), c (tensor or null), the scalar s in the compute dtype. */
interface FusedArgs {
  op: FusedOp;
  a: Tensor;
  b: Tensor;
  c: Tensor | null;
  s: number;
  dtype: DType;
  shape: number[];
}

function asCompute(t: Tensor, dtype: DType): Tensor {
  return t.dtype === dtype ? t : t.to(dtype);
}

/** Runs the kernel into a new tensor. */
function fusedRaw(f: FusedArgs): Tensor {
  const device = sameDevice(f) ? f.a.storage.device : commonDevice([f.a, f.b, f.c]);
  const out = alloc(f.shape, f.dtype, device);
  const on = (t: Tensor): Tensor => matchDevice(asCompute(t, f.dtype), device);
  backendOf(out).fused(f.op, on(f.a), on(f.b), f.c && on(f.c), f.s, out);
  return out;
}

function sameDevice(f: FusedArgs): boolean {
  const d = f.a.storage.device;
  return f.b.storage.device === d && (f.c === null || f.c.storage.device === d);
}

type Grads = (g: Tensor, saved: readonly Tensor[]) => (Tensor | null)[];

/** Out-of-place fused op with its node: inputs a, b, c; `saved` and `grads` from the caller. */
function fusedOp(f: FusedArgs, node: string, saved: Tensor[], grads: Grads): Tensor {
  const out = fusedRaw(f);
  if (needsGrad(f.a, f.b, f.c)) {
    const shapes = [f.a.shape, f.b.shape, f.c?.shape ?? null];
    record(out, node, [f.a, f.b, f.c], saved, null, (g, s) =>
      grads(g, s).map((gi, i) => (gi === null ? null : sumToShape(gi, shapes[i]!))));
  }
  return out;
}

/**
 * In-place fused op: self = op(self, ...), the optimizers' updates. Without autograd the kernel
 * writes into self (unless another operand shares its memory or needs a cast).
 */
function fusedInplace(self: Tensor, f: FusedArgs, readsSelf: boolean, tracked: (old: Tensor) => Tensor): Tensor {
  if (!sameDevice({ ...f, a: self })) {
    const d = self.storage.device;
    f = { ...f, b: matchDevice(f.b, d), c: f.c && matchDevice(f.c, d) };
  }
  if (!inplaceTracks(self, f.shape, f.dtype, true, f.b, f.c)) {
    const sameType = f.dtype === self.dtype && f.b.dtype === self.dtype && (f.c === null || f.c.dtype === self.dtype);
    if (sameType && !aliases(self, f.b) && !aliases(self, f.c)) {
      backendOf(self).fused(f.op, self, f.b, f.c, f.s, self);
      return written(self);
    }
    writeInto(self, fusedRaw({ ...f, a: self }));
    return self;
  }
  return inplaceTracked(self, readsSelf, tracked);
}

function shapeOf(...ts: (Tensor | null)[]): number[] {
  let shape: number[] = [];
  for (const t of ts) if (t) shape = broadcastShapes(shape, t.shape);
  return shape;
}

function tensorOf(x: Operand, dtype: DType): Tensor {
  return x instanceof Tensor ? x : scalarTensor(x, dtype);
}

/** add's and sub's keyword option (PyTorch's alpha=). */
export interface AlphaOptions {
  /** The multiplier of the second operand (default 1): add(a, b, { alpha }) is a + alpha * b. */
  alpha?: number;
}
/** addcmul's and addcdiv's keyword option (PyTorch's value=). */
export interface ValueOptions {
  /** The multiplier of the product or quotient (default 1). */
  value?: number;
}

function alphaArgs(a: Tensor, b: Operand, alpha: number, negate: boolean): FusedArgs {
  const dtype = resultType(a, b);
  if (!isFloating(dtype) && !Number.isInteger(alpha)) {
    throw new TypeError('For integral input tensors, argument alpha must not be a floating point number.');
  }
  const bt = tensorOf(b, dtype);
  return { op: 'addScaled', a, b: bt, c: null, s: castOperand(dtype, negate ? -alpha : alpha), dtype, shape: shapeOf(a, bt) };
}

/** a + alpha * b (sub: a - alpha * b) as one fused kernel; PyTorch's AddBackward0/SubBackward0. */
export function addScaled(a: Tensor, b: Operand, alpha: number, negate: boolean): Tensor {
  const f = alphaArgs(a, b, alpha, negate);
  const bNeedsGrad = b instanceof Tensor && b.requiresGrad;
  return fusedOp(f, negate ? 'SubBackward0' : 'AddBackward0', [], (g) => [
    g, bNeedsGrad ? (negate ? g.neg() : g).mul(alpha) : null,
  ]);
}

export function addScaled_(self: Tensor, b: Operand, alpha: number, negate: boolean): Tensor {
  // The optimizers' update (p.add_(g, {alpha: -lr}) under noGrad, every step): b a tensor of
  // self's floating dtype, shape and device, no autograd: the general path's promotion,
  // broadcast and device checks all pass, so only the in-place checks and the kernel run.
  if (b instanceof Tensor && b.dtype === self.dtype && isFloating(self.dtype) && b.storage !== self.storage
    && b.storage.device === self.storage.device && shapeEquals(b.shape, self.shape)
    && !inplaceTracks(self, self.shape, self.dtype, true, b)) {
    backendOf(self).fused('addScaled', self, b, null, castValue(self.dtype, negate ? -alpha : alpha), self);
    return written(self);
  }
  return fusedInplace(self, alphaArgs(self, b, alpha, negate), false, (old) => addScaled(old, b, alpha, negate));
}

function addcArgs(op: 'addcmul' | 'addcdiv', self: Tensor, t1: Tensor, t2: Tensor, value: number): FusedArgs {
  const dtype = resultType(self, t1, t2);
  if (op === 'addcdiv' && !isFloating(t1.dtype) && !isFloating(t2.dtype)) {
    throw new Error('Integer division with addcdiv is no longer supported, and in a future  release addcdiv will perform a true division of tensor1 and tensor2. The historic addcdiv behavior can be implemented as (input + value * torch.trunc(tensor1 / tensor2)).to(input.dtype) for integer inputs and as (input + value * tensor1 / tensor2) for float inputs. The future addcdiv behavior is just the latter implementation: (input + value * tensor1 / tensor2), for all dtypes.');
  }
  return { op, a: self, b: t1, c: t2, s: castOperand(dtype, value), dtype, shape: shapeOf(self, t1, t2) };
}

/**
 * self + value * t1 * t2, broadcast.
 * @example addcmul(expAvgSq, grad, grad, { value: 1 - beta2 })
 */
export function addcmul(self: Tensor, t1: Tensor, t2: Tensor, opts: ValueOptions = {}): Tensor {
  const value = opts.value ?? 1;
  const f = addcArgs('addcmul', self, t1, t2, value);
  const need1 = t1.requiresGrad, need2 = t2.requiresGrad;
  // t1's gradient reads t2 and t2's reads t1: save only those.
  const saved = [...(need2 ? [t1] : []), ...(need1 ? [t2] : [])];
  return fusedOp(f, 'AddcmulBackward0', saved, (g, s) => {
    const st1 = need2 ? s[0]! : null, st2 = need1 ? s[need2 ? 1 : 0]! : null;
    return [g, st2 && g.mul(st2.mul(value)), st1 && g.mul(st1.mul(value))];
  });
}

/** self + value * t1 / t2, broadcast. */
export function addcdiv(self: Tensor, t1: Tensor, t2: Tensor, opts: ValueOptions = {}): Tensor {
  const value = opts.value ?? 1;
  const f = addcArgs('addcdiv', self, t1, t2, value);
  const need1 = t1.requiresGrad, need2 = t2.requiresGrad;
  const saved = need2 ? [t1, t2] : [t2];
  return fusedOp(f, 'AddcdivBackward0', saved, (g, s) => {
    const st2 = need2 ? s[1]! : s[0]!, st1 = need2 ? s[0]! : null;
    // PyTorch: grad * (value / t2) and -grad * (value * t1 / (t2 * t2)).
    const g1 = need1 ? g.mul(scalarTensor(value, st2.dtype).div(st2)) : null;
    const g2 = st1 && g.neg().mul(st1.mul(value).div(st2.mul(st2)));
    return [g, g1, g2];
  });
}

/** In-place addcmul: self += value * t1 * t2 (one fused rounding, as PyTorch); returns self. */
export function addcmul_(self: Tensor, t1: Tensor, t2: Tensor, opts: ValueOptions = {}): Tensor {
  return fusedInplace(self, addcArgs('addcmul', self, t1, t2, opts.value ?? 1), false, (old) => addcmul(old, t1, t2, opts));
}

/** In-place addcdiv: self += value * t1 / t2; returns self. */
export function addcdiv_(self: Tensor, t1: Tensor, t2: Tensor, opts: ValueOptions = {}): Tensor {
  return fusedInplace(self, addcArgs('addcdiv', self, t1, t2, opts.value ?? 1), false, (old) => addcdiv(old, t1, t2, opts));
}

/** dtype names as PyTorch's kernel checks print them. */
function cName(d: DType): string {
  return d === 'float32' ? 'float' : d === 'float64' ? 'double' : d === 'bool' ? 'bool' : 'long int';
}

function lerpArgs(self: Tensor, end: Tensor, weight: Tensor | number): FusedArgs {
  if (end.dtype !== self.dtype) throw new TypeError(`expected dtype ${cName(self.dtype)} for \`end\` but got dtype ${cName(end.dtype)}`);
  if (weight instanceof Tensor && weight.dtype !== self.dtype) {
    throw new TypeError(`expected dtype ${cName(self.dtype)} for \`weight\` but got dtype ${cName(weight.dtype)}`);
  }
  if (!isFloating(self.dtype)) throw new TypeError(`"lerp_kernel_scalar" not implemented for '${self.dtype === 'bool' ? 'Bool' : 'Long'}'`);
  const w = weight instanceof Tensor ? weight : null;
  return { op: 'lerp', a: self, b: end, c: w, s: w ? 0 : castValue(self.dtype, weight as number), dtype: self.dtype, shape: shapeOf(self, end, w) };
}

/**
 * self + weight * (end - self), with PyTorch's two-sided formula for accuracy near weight 1.
 * @example lerp(expAvg, grad, 1 - beta1)
 */
export function lerp(self: Tensor, end: Tensor, weight: Tensor | number): Tensor {
  const f = lerpArgs(self, end, weight);
  if (!(weight instanceof Tensor)) {
    return fusedOp(f, 'LerpBackward0', [], (g) => [g.mul(1 - weight), g.mul(weight), null]);
  }
  const needW = weight.requiresGrad;
  const saved = needW ? [weight, self, end] : [weight];
  return fusedOp(f, 'LerpBackward1', saved, (g, s) => {
    const w = s[0]!;
    return [g.mul(w.neg().add(1)), g.mul(w), needW ? g.mul(s[2]!.sub(s[1]!)) : null];
  });
}

/** In-place lerp: self += weight * (end - self); returns self. */
export function lerp_(self: Tensor, end: Tensor, weight: Tensor | number): Tensor {
  const readsSelf = weight instanceof Tensor && weight.requiresGrad;
  return fusedInplace(self, lerpArgs(self, end, weight), readsSelf, (old) => lerp(old, end, weight));
}
