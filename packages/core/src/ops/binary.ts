/**
 * Binary elementwise ops with broadcasting and scalar operands, PyTorch's type promotion, and
 * their gradients (reduced back to each input's shape). Also `where`.
 *
 * As in PyTorch, operands are converted to the common dtype before the kernel runs: a JS number
 * next to a float32 tensor is rounded to float32 first (x + 0.1 adds float32(0.1)), and a
 * float64 0-dim tensor next to float32 data is read as float32.
 */
import { castValue, isFloating, type DType } from '../dtype';
import type { BinaryOp } from '../backend/types';
import { backend } from '../backend/index';
import { needsGrad, record } from '../autograd/record';
import { broadcastShapes, shapeEquals } from '../shape';
import { Tensor } from '../tensor';
import { alloc, checkInplace, getDefaultDtype, writeInto } from './util';
import { rebaseViewHistory, refreshViewHistory } from './view-inplace';

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

function isPredicate(op: BinaryOp): boolean {
  return op === 'eq' || op === 'ne' || op === 'lt' || op === 'le' || op === 'gt' || op === 'ge'
    || op === 'logicalAnd' || op === 'logicalOr' || op === 'logicalXor';
}

/** The dtype the kernel computes in (comparisons compare in the promoted type). */
function computeDtype(op: BinaryOp, a: Operand, b: Operand): DType {
  const t = resultType(a, b);
  // True division and atan2 always give floats.
  if ((op === 'div' || op === 'atan2') && !isFloating(t)) return getDefaultDtype();
  if (isPredicate(op)) return t;
  if (t === 'bool' && op !== 'add' && op !== 'mul' && op !== 'maximum' && op !== 'minimum') return 'int32';
  return t;
}

function outDtype(op: BinaryOp, compute: DType): DType {
  return isPredicate(op) ? 'bool' : compute;
}

function scalarValue(s: Scalar): number {
  return typeof s === 'boolean' ? (s ? 1 : 0) : s;
}

/** A 0-dim tensor holding `x` (rounded to `dtype`), for a scalar on the left or in `where`. */
export function scalarTensor(x: Scalar, dtype: DType): Tensor {
  const t = alloc([], dtype);
  t.storage.data[0] = castValue(dtype, scalarValue(x));
  return t;
}

/** Read-only zeros per dtype for where(c, x, 0): never written and never handed out. */
const ZEROS = new Map<DType, Tensor>();
function zeroOf(dtype: DType): Tensor {
  let z = ZEROS.get(dtype);
  if (z === undefined) ZEROS.set(dtype, z = alloc([], dtype));
  return z;
}

/**
 * Stands in for a saved scalar operand: PyTorch saves the wrapped number, so a second backward
 * through mul/div by a number raises; the rule itself reads the number from its closure.
 */
const SAVED_SCALAR = alloc([], 'float64');

/** A tensor operand as the kernel must read it: float32 compute rounds float64/int32 inputs first. */
function forCompute(t: Tensor, compute: DType): Tensor {
  if (compute !== 'float32' || t.dtype === 'float32' || t.dtype === 'bool') return t;
  const c = alloc(t.shape.slice(), 'float32');
  backend().copy(t, c.storage.data);
  return c;
}

/** Forward only: a op b, broadcast, with PyTorch's result dtype. */
export function binaryRaw(op: BinaryOp, a: Operand, b: Operand): Tensor {
  const compute = computeDtype(op, a, b);
  const at = a instanceof Tensor ? forCompute(a, compute) : scalarTensor(a, compute);
  const out = alloc(b instanceof Tensor ? broadcastShapes(at.shape, b.shape) : at.shape.slice(), outDtype(op, compute));
  // pow keeps a scalar exponent in double, as PyTorch's scalar path does.
  const bv = b instanceof Tensor ? forCompute(b, compute) : op === 'pow' ? scalarValue(b) : castValue(compute, scalarValue(b));
  backend().binary(op, at, bv, out.storage.data, out.shape);
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
  // Only leading dims reduced (bias gradients): dropping them leaves `shape`, no reshape needed.
  if (lead > 0 && dims.length === lead) return g.sum(dims);
  const summed = dims.length > 0 ? g.sum(dims, { keepdim: true }) : g;
  return lead > 0 || !shapeEquals(summed.shape, shape) ? summed.reshape(shape.slice()) : summed;
}

/**
 * A gradient rule: `a`, `b` and `out` are the saved values (null when not saved; a scalar b
 * arrives as a 0-dim tensor). Returns the gradients for a and b before reduction to their shapes.
 */
type GradRule = (g: Tensor, a: Tensor | null, b: Tensor | null, out: Tensor | null) => [Tensor | null, Tensor | null];

interface BinaryDef {
  node: string;
  /** Which values the rule reads, given which inputs need gradients. */
  saves(needA: boolean, needB: boolean): { a: boolean; b: boolean; out: boolean };
  grad: GradRule;
}

const NONE = { a: false, b: false, out: false };
const BOTH = { a: true, b: true, out: false };

const DEFS: Partial<Record<BinaryOp, BinaryDef>> = {
  add: { node: 'AddBackward0', saves: () => NONE, grad: (g) => [g, g] },
  sub: { node: 'SubBackward0', saves: () => NONE, grad: (g) => [g, g.neg()] },
  mul: {
    node: 'MulBackward0',
    saves: (needA, needB) => ({ a: needB, b: needA, out: false }),
    grad: (g, a, b) => [b && g.mul(b), a && g.mul(a)],
  },
  div: {
    node: 'DivBackward0',
    saves: (_needA, needB) => ({ a: needB, b: true, out: false }),
    // PyTorch: grad / other and -grad * ((self / other) / other).
    grad: (g, a, b) => [b && g.div(b), a && b && g.neg().mul(a.div(b).div(b))],
  },
  pow: {
    node: 'PowBackward1',
    saves: (_needA, needB) => ({ a: true, b: true, out: needB }),
    grad: (g, a, b, out) => {
      const x = a!, e = b!;
      const ga = where(e.eq(0), 0, g.mul(e.mul(x.pow(e.sub(1)))));
      const gb = out && g.mul(where(x.eq(0).logicalAnd(e.ge(0)), 0, out.mul(x.log())));
      return [ga, gb];
    },
  },
  maximum: {
    node: 'MaximumBackward0', saves: () => BOTH,
    grad: (g, a, b) => {
      const half = where(a!.eq(b!), g.div(2), g);
      return [where(a!.lt(b!), 0, half), where(a!.gt(b!), 0, half)];
    },
  },
  minimum: {
    node: 'MinimumBackward0', saves: () => BOTH,
    grad: (g, a, b) => {
      const half = where(a!.eq(b!), g.div(2), g);
      return [where(a!.gt(b!), 0, half), where(a!.lt(b!), 0, half)];
    },
  },
  atan2: {
    node: 'Atan2Backward0', saves: () => BOTH,
    grad: (g, a, b) => {
      const recip = a!.mul(a!).add(b!.mul(b!)).reciprocal();
      return [g.mul(b!).mul(recip), g.mul(a!.neg()).mul(recip)];
    },
  },
  fmod: {
    node: 'FmodBackward1', saves: (_a, needB) => ({ a: needB, b: needB, out: false }),
    grad: (g, a, b) => [g, a && b && g.neg().mul(a.div(b, { roundingMode: 'trunc' }))],
  },
  remainder: {
    node: 'RemainderBackward1', saves: (_a, needB) => ({ a: needB, b: needB, out: false }),
    grad: (g, a, b) => [g, a && b && g.neg().mul(a.div(b, { roundingMode: 'floor' }))],
  },
};

/** Scalar-exponent pow, fmod and remainder have their own node names (b is a constant). */
const SCALAR_NODE: Partial<Record<BinaryOp, string>> = {
  pow: 'PowBackward0', fmod: 'FmodBackward0', remainder: 'RemainderBackward0',
};

/** pow with a scalar exponent: grad * (e * x^(e-1)), zero for e == 0. */
function powScalarGrad(g: Tensor, x: Tensor, e: number): Tensor {
  return e === 0 ? alloc(g.shape.slice(), g.dtype) : g.mul(x.pow(e - 1).mul(e));
}

/** a op b with autograd; scalar operands are constants. */
export function binary(op: BinaryOp, a: Operand, b: Operand): Tensor {
  // A scalar on the left (torch.sub(1, x)) is a constant 0-dim tensor of the compute dtype.
  const at = a instanceof Tensor ? a : scalarTensor(a, computeDtype(op, a, b));
  const out = binaryRaw(op, at, b);
  const def = DEFS[op];
  const bt = b instanceof Tensor ? b : null;
  if (def === undefined || !needsGrad(at, bt)) return out;
  const aShape = at.shape;
  if (bt === null) {
    // Scalar b: only a needs a gradient; a saved scalar is kept as a 0-dim tensor, as PyTorch does.
    const bs = scalarValue(b as Scalar);
    if (op === 'pow') {
      record(out, 'PowBackward0', [at], [at], null, (g, s) => [powScalarGrad(g, s[0]!, bs)]);
      return out;
    }
    const readsB = op === 'mul' || op === 'div';
    record(out, SCALAR_NODE[op] ?? def.node, [at], readsB ? [SAVED_SCALAR] : [], null, (g) => {
      const ga = op === 'mul' ? g.mul(bs) : op === 'div' ? g.div(bs) : op === 'sub' || op === 'add' || op === 'fmod' || op === 'remainder' ? g : null;
      return [ga && sumToShape(ga, aShape)];
    });
    return out;
  }
  const needA = at.requiresGrad, needB = bt.requiresGrad;
  const bShape = bt.shape;
  const sv = def.saves(needA, needB);
  const saved: Tensor[] = [];
  if (sv.a) saved.push(at);
  if (sv.b) saved.push(bt);
  if (sv.out) saved.push(out);
  record(out, def.node, [at, bt], saved, null, (g, s) => {
    // Saved tensors come back through `s`, so the closure holds no tensors of its own.
    let i = 0;
    const sa = sv.a ? s[i++]! : null;
    const sb = sv.b ? s[i++]! : null;
    const so = sv.out ? s[i]! : null;
    const [ga, gb] = def.grad(g, sa, sb, so);
    return [ga && needA ? sumToShape(ga, aShape) : null, gb && needB ? sumToShape(gb, bShape) : null];
  });
  return out;
}

/** In-place a op= b (add_, mul_, ...): result must fit self's shape and dtype. */
export function binaryInplace(op: BinaryOp, self: Tensor, b: Operand): Tensor {
  const compute = computeDtype(op, self, b);
  const bt = b instanceof Tensor ? b : null;
  const shape = bt !== null ? broadcastShapes(self.shape, bt.shape) : self.shape;
  checkInplace(self, shape, outDtype(op, compute));
  const def = DEFS[op];
  const track = def !== undefined && needsGrad(self, bt);
  if (!track) {
    if (compute === self.dtype && self.isContiguous() && (bt === null || bt.storage !== self.storage)) {
      // Straight into self's storage: the kernel reads a[i] before writing out[i].
      const n = self.numel();
      const dst = self.storage.data.subarray(self.offset, self.offset + n);
      const bv = bt !== null ? forCompute(bt, compute) : op === 'pow' ? scalarValue(b as Scalar) : castValue(compute, scalarValue(b as Scalar));
      backend().binary(op, self, bv, dst, self.shape);
      self.storage.version++;
    } else {
      writeInto(self, binaryRaw(op, self, b));
    }
    return self;
  }
  // The node sees self's old value (cloned when its rule reads it) and self takes over the node.
  refreshViewHistory(self);
  const readsSelf = bt === null ? def.saves(true, false).a || op === 'pow' : def.saves(self.requiresGrad, bt.requiresGrad).a;
  const result = binary(op, readsSelf ? self.clone() : self, b);
  writeInto(self, result.detach());
  self.gradFn = result.gradFn;
  self.requiresGrad = true;
  rebaseViewHistory(self);
  return self;
}

/** torch.where(cond, a, b): a where cond is true, else b; broadcast; gradients flow to a and b. */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  if (cond.dtype !== 'bool') throw new TypeError(`where expected condition to be a boolean tensor, but got a tensor with dtype ${cond.dtype}`);
  const dtype = resultType(a, b);
  const at = a instanceof Tensor ? forCompute(a, dtype) : a === 0 ? zeroOf(dtype) : scalarTensor(a, dtype);
  const bt = b instanceof Tensor ? forCompute(b, dtype) : b === 0 ? zeroOf(dtype) : scalarTensor(b, dtype);
  const shape = broadcastShapes(broadcastShapes(cond.shape, at.shape), bt.shape);
  const out = alloc(shape, dtype);
  backend().where(cond, at, bt, out.storage.data, shape);
  const ta = a instanceof Tensor ? a : null, tb = b instanceof Tensor ? b : null;
  if (needsGrad(ta, tb)) {
    const aShape = at.shape, bShape = bt.shape;
    const needA = ta !== null && ta.requiresGrad, needB = tb !== null && tb.requiresGrad;
    record(out, 'WhereBackward0', [ta, tb], [cond], null, (g, s) => {
      const c = s[0]!;
      return [needA ? sumToShape(where(c, g, 0), aShape) : null, needB ? sumToShape(where(c, 0, g), bShape) : null];
    });
  }
  return out;
}
