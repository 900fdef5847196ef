/**
 * Binary elementwise ops with broadcasting and scalar operands, PyTorch's type promotion, and
 * their gradients (reduced back to each input's shape). Also `where`.
 */
import { isFloating, type DType } from '../dtype';
import type { BinaryOp } from '../backend/types';
import { backend } from '../backend/index';
import { needsGrad, record } from '../autograd/record';
import { broadcastShapes, shapeEquals } from '../shape';
import { Tensor } from '../tensor';
import { alloc, checkInplace, getDefaultDtype, writeInto } from './util';

export type Scalar = number | boolean;
export type Operand = Tensor | Scalar;

const CATEGORY: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 2 };
const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

function promote(a: DType | null, b: DType | null): DType | null {
  if (a === null) return b;
  if (b === null) return a;
  return RANK[a] >= RANK[b] ? a : b;
}

/** PyTorch's combine_categories: a lower-priority operand only wins with a higher category. */
function combine(higher: DType | null, lower: DType | null): DType | null {
  if (higher === null) return lower;
  if (lower === null) return higher;
  if (isFloating(higher)) return higher;
  if (higher === 'bool' || isFloating(lower)) return promote(higher, lower);
  return CATEGORY[lower] > CATEGORY[higher] ? lower : higher;
}

function scalarDtype(s: Scalar): DType {
  if (typeof s === 'boolean') return 'bool';
  return Number.isInteger(s) ? 'int32' : getDefaultDtype();
}

/** torch.result_type: dimensioned tensors outrank 0-dim tensors, which outrank JS numbers. */
export function resultType(...operands: Operand[]): DType {
  let dim: DType | null = null, zero: DType | null = null, wrapped: DType | null = null;
  for (const o of operands) {
    if (o instanceof Tensor) {
      if (o.shape.length > 0) dim = promote(dim, o.dtype);
      else zero = promote(zero, o.dtype);
    } else {
      wrapped = promote(wrapped, scalarDtype(o));
    }
  }
  return combine(dim, combine(zero, wrapped)) ?? getDefaultDtype();
}

const PREDICATES = new Set<BinaryOp>(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr', 'logicalXor']);

function outDtype(op: BinaryOp, a: Operand, b: Operand): DType {
  if (PREDICATES.has(op)) return 'bool';
  const t = resultType(a, b);
  // True division and atan2 always give floats; an integral pow with a float exponent too.
  if ((op === 'div' || op === 'atan2') && !isFloating(t)) return getDefaultDtype();
  if (op === 'add' && t === 'bool') return 'bool';
  return t === 'bool' && op !== 'maximum' && op !== 'minimum' ? 'int32' : t;
}

function asTensor(x: Operand, like: DType): Tensor {
  if (x instanceof Tensor) return x;
  const t = alloc([], like);
  t.storage.data[0] = typeof x === 'boolean' ? (x ? 1 : 0) : x;
  return t;
}

/** Forward only: a op b, broadcast, with PyTorch's result dtype. */
export function binaryRaw(op: BinaryOp, a: Operand, b: Operand): Tensor {
  const dtype = outDtype(op, a, b);
  if (!(a instanceof Tensor)) a = asTensor(a, resultType(a));
  const bIsTensor = b instanceof Tensor;
  const shape = bIsTensor ? broadcastShapes(a.shape, b.shape) : a.shape.slice();
  const out = alloc(shape, dtype);
  const bv = bIsTensor ? b : typeof b === 'boolean' ? (b ? 1 : 0) : b;
  backend().binary(op, a, bv, out.storage.data, shape);
  return out;
}

/** Sums a broadcast gradient back to `shape` (the reverse of broadcasting). */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (shapeEquals(g.shape, shape)) return g;
  const lead = g.shape.length - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < g.shape.length; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) dims.push(i);
  }
  const summed = dims.length > 0 ? g.sum(dims, { keepdim: true }) : g;
  return lead > 0 || !shapeEquals(summed.shape, shape) ? summed.reshape(shape.slice()) : summed;
}

type GradPair = (g: Tensor, a: Tensor, b: Operand, out: Tensor) => [Tensor | null, Tensor | null];

interface BinaryDef {
  node: string;
  /** Which of a, b, out the gradient reads (saved for backward). */
  saves: 'none' | 'a' | 'b' | 'ab' | 'abOut';
  grad: GradPair;
}

const mask = (g: Tensor, m: Tensor): Tensor => g.mul(m);

const DEFS: Partial<Record<BinaryOp, BinaryDef>> = {
  add: { node: 'AddBackward0', saves: 'none', grad: (g) => [g, g] },
  sub: { node: 'SubBackward0', saves: 'none', grad: (g) => [g, g.neg()] },
  mul: { node: 'MulBackward0', saves: 'ab', grad: (g, a, b) => [g.mul(b), b instanceof Tensor ? g.mul(a) : null] },
  div: {
    node: 'DivBackward0', saves: 'ab',
    grad: (g, a, b) => [g.div(b), b instanceof Tensor ? g.mul(a).div(b.mul(b)).neg() : null],
  },
  pow: {
    node: 'PowBackward1', saves: 'abOut',
    grad: (g, a, b, out) => {
      if (!(b instanceof Tensor)) {
        const e = Number(b);
        return [e === 0 ? alloc(g.shape.slice(), g.dtype) : g.mul(a.pow(e - 1).mul(e)), null];
      }
      const ga = where(b.eq(0), 0, g.mul(b).mul(a.pow(b.sub(1))));
      const gb = where(a.eq(0).logicalAnd(b.ge(0)), 0, g.mul(out).mul(a.log()));
      return [ga, gb];
    },
  },
  maximum: {
    node: 'MaximumBackward0', saves: 'ab',
    grad: (g, a, b) => {
      const bt = b as Tensor;
      const half = where(a.eq(bt), g.div(2), g);
      return [mask(half, a.ge(bt)), mask(half, bt.ge(a))];
    },
  },
  minimum: {
    node: 'MinimumBackward0', saves: 'ab',
    grad: (g, a, b) => {
      const bt = b as Tensor;
      const half = where(a.eq(bt), g.div(2), g);
      return [mask(half, a.le(bt)), mask(half, bt.le(a))];
    },
  },
  atan2: {
    node: 'Atan2Backward0', saves: 'ab',
    grad: (g, a, b) => {
      const bt = b instanceof Tensor ? b : asTensor(b, a.dtype);
      const r = a.mul(a).add(bt.mul(bt));
      return [g.mul(bt).div(r), b instanceof Tensor ? g.mul(a).neg().div(r) : null];
    },
  },
  fmod: { node: 'FmodBackward0', saves: 'none', grad: (g) => [g, null] },
  remainder: { node: 'RemainderBackward0', saves: 'none', grad: (g) => [g, null] },
};

function savedFor(def: BinaryDef, a: Tensor, b: Operand, out: Tensor): Tensor[] {
  const bt = b instanceof Tensor ? [b] : [];
  switch (def.saves) {
    case 'none': return [];
    case 'a': return [a];
    case 'b': return bt;
    case 'ab': return [a, ...bt];
    case 'abOut': return [a, ...bt, out];
  }
}

/** a op b with autograd; scalar operands are constants. */
export function binary(op: BinaryOp, a: Operand, b: Operand): Tensor {
  if (!(a instanceof Tensor)) {
    // A scalar on the left (torch.sub(1, x)) becomes a 0-dim tensor of the scalar's type.
    a = asTensor(a, resultType(a));
  }
  const out = binaryRaw(op, a, b);
  const def = DEFS[op];
  if (def && needsGrad(a, b instanceof Tensor ? b : null)) {
    const aShape = a.shape, bShape = b instanceof Tensor ? b.shape : null;
    const bScalar = b instanceof Tensor ? null : b;
    record(out, def.node, [a, b instanceof Tensor ? b : null], savedFor(def, a, b, out), null, (g, s) => {
      // Saved tensors come back through `s`, so the closure holds no tensors of its own.
      let i = 0;
      const keepA = def.saves !== 'none' && def.saves !== 'b';
      const sa = keepA ? s[i++]! : g;
      const sb: Operand = bScalar !== null ? bScalar : def.saves === 'none' || def.saves === 'a' ? g : s[i++]!;
      const so = def.saves === 'abOut' ? s[i]! : g;
      const [ga, gb] = def.grad(g, sa, sb, so);
      return [ga && sumToShape(ga, aShape), gb && bShape ? sumToShape(gb, bShape) : null];
    });
  }
  return out;
}

/** In-place a op= b (add_, mul_, ...): result must fit self's shape and dtype. */
export function binaryInplace(op: BinaryOp, self: Tensor, b: Operand): Tensor {
  const dtype = outDtype(op, self, b);
  const shape = b instanceof Tensor ? broadcastShapes(self.shape, b.shape) : self.shape;
  checkInplace(self, shape, dtype);
  const bt = b instanceof Tensor ? b : null;
  const def = DEFS[op];
  const track = def !== undefined && needsGrad(self, bt);
  if (!track && self.isContiguous() && dtype === self.dtype && (bt === null || bt.storage !== self.storage)) {
    // Fast path: write straight into self's storage (the kernel reads a[i] before writing o[i]).
    const n = self.numel();
    const dst = self.storage.data.subarray(self.offset, self.offset + n);
    const bv = bt ?? (typeof b === 'boolean' ? (b ? 1 : 0) : b);
    backend().binary(op, self, bv, dst, self.shape);
    self.storage.version++;
    return self;
  }
  if (!track) {
    writeInto(self, binaryRaw(op, self, b));
    return self;
  }
  const old = self.clone();
  const result = binary(op, old, b);
  writeInto(self, result.detach());
  self.gradFn = result.gradFn;
  self.requiresGrad = true;
  return self;
}

/** torch.where(cond, a, b): a where cond is true, else b; broadcast; gradients flow to a and b. */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  const dtype = resultType(a, b);
  const at = asTensor(a, dtype), bt = asTensor(b, dtype);
  if (cond.dtype !== 'bool') throw new TypeError(`where expected condition to be a boolean tensor, but got a tensor with dtype ${cond.dtype}`);
  const shape = broadcastShapes(broadcastShapes(cond.shape, at.shape), bt.shape);
  const out = alloc(shape, dtype);
  backend().where(cond, at, bt, out.storage.data, shape);
  if (needsGrad(at, bt)) {
    const aShape = at.shape, bShape = bt.shape;
    record(out, 'WhereBackward0', [at, bt], [cond], null, (g, s) => {
      const c = s[0]!;
      return [sumToShape(where(c, g, 0), aShape), sumToShape(where(c, 0, g), bShape)];
    });
  }
  return out;
}
