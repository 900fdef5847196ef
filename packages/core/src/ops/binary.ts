/**
 * Binary elementwise ops with broadcasting and scalar operands, PyTorch's type promotion, and
 * their gradients (reduced back to each input's shape), one row per op; the functions and
 * methods are generated from the rows. Also `where`.
 *
 * As in PyTorch, operands are converted to the common dtype before the kernel runs: a JS number
 * next to a float32 tensor is rounded to float32 first (x + 0.1 adds float32(0.1)), and a
 * float64 0-dim tensor next to float32 data is read as float32.
 */
import { castOperand, isFloating, isIntegral, type DType } from '../dtype';
import { BINARY_OPS, type BinaryOp, type DeviceType } from '../backend/types';
import { backendOf } from '../backend/index';
import { needsGrad, record } from '../autograd/record';
import { isGradEnabled } from '../autograd/grad-mode';
import { broadcastShapes, shapeEquals } from '../shape';
import { Tensor } from '../tensor';
import { alloc, getDefaultDtype, writeInto } from './util';
import { aliases, inplaceTracked, inplaceTracks, written } from './inplace';
import { resultType, resultType2, scalarTensor, scalarValue, type Operand, type Scalar } from './promote';
import { commonDevice, matchDevice } from './devices';

export { resultType, scalarTensor, type Operand, type Scalar } from './promote';

/** What a gradient rule reads, given which inputs need gradients. */
interface Saves { a: boolean; b: boolean; out: boolean }

/**
 * A gradient rule: `a`, `b` and `out` are the saved values (null when not saved; a scalar b
 * arrives as the number). Returns the gradients for a and b before reduction to their shapes.
 */
type GradPair = [Tensor | null, Tensor | null];
type GradRule = (g: Tensor, a: Tensor | null, b: Tensor | number | null, out: Tensor | null) => GradPair;

/**
 * One binary op, declared once: the torch function, the Tensor method, the in-place form and
 * the backend op code come from this row. A test checks each promised form.
 */
export interface BinaryRow {
  /** PyTorch's backward node name ('' for ops without a gradient). */
  readonly node: string;
  /** The node's name when b is a number, where PyTorch's differs (PowBackward0). */
  readonly scalarNode?: string;
  /**
   * Result dtype: 'promote' the promoted type (bool computed as int32 unless `keepsBool`),
   * 'float' the default float for integral inputs (true division), 'bool' a predicate.
   */
  readonly result: 'promote' | 'float' | 'bool';
  readonly keepsBool?: boolean;
  /** Whether b may be a JS number (torch.maximum takes tensors only). */
  readonly scalarB: boolean;
  readonly saves: (needA: boolean, needB: boolean) => Saves;
  readonly grad: GradRule | null;
  /** 'generated': `torch.name(a, b)` and `a.name(b)` come from this row; 'custom': written in elementwise.ts (options). */
  readonly api: 'generated' | 'custom';
  /** Whether `name_` exists (generated with the api, hand-written for custom rows). */
  readonly inplace: boolean;
  /** PyTorch's kernel name and the dtypes it is compiled for, where that is not every dtype. */
  readonly kernel?: { readonly name: string; readonly dtypes: 'floating' | 'integral' | 'integralOrBool' };
}

const NONE: Saves = { a: false, b: false, out: false };
const BOTH: Saves = { a: true, b: true, out: false };
const none = (): Saves => NONE;
const both = (): Saves => BOTH;

/** A saved tensor operand (present whenever the rule's `saves` asks for it). */
function t(x: Tensor | number | null): Tensor {
  if (!(x instanceof Tensor)) throw new Error('internal: a saved tensor operand is missing');
  return x;
}

/** pow with a scalar exponent: grad * (e * x^(e-1)), zero for e == 0. */
function powScalarGrad(g: Tensor, x: Tensor, e: number): Tensor {
  return e === 0 ? alloc(g.shape.slice(), g.dtype, g.storage.device) : g.mul(x.pow(e - 1).mul(e));
}

function extremumGrad(a: Tensor, b: Tensor, g: Tensor, max: boolean): [Tensor, Tensor] {
  const half = where(a.eq(b), g.div(2), g);
  return max ? [where(a.lt(b), 0, half), where(a.gt(b), 0, half)] : [where(a.gt(b), 0, half), where(a.lt(b), 0, half)];
}

const predicate = { node: '', result: 'bool', scalarB: true, saves: none, grad: null, api: 'generated', inplace: false } as const;

/**
 * The bitwise ops: no gradient (integral results), torch.bitwise_and etc. written by hand in
 * bitwise.ts (a generated form would be tried on float tensors, which these reject).
 */
function bitwise(name: string, dtypes: 'integral' | 'integralOrBool') {
  return {
    node: '', result: 'promote', keepsBool: true, scalarB: true, saves: none, grad: null, api: 'custom', inplace: true,
    kernel: { name, dtypes },
  } as const;
}

/** The binary ops, one row each (see BinaryRow). */
export const BINARY = {
  add: { node: 'AddBackward0', result: 'promote', keepsBool: true, scalarB: true, saves: none, api: 'custom', inplace: true, grad: (g): GradPair => [g, g] },
  sub: { node: 'SubBackward0', result: 'promote', scalarB: true, saves: none, api: 'custom', inplace: true, grad: (g): GradPair => [g, g.neg()] },
  /** a * b, elementwise with broadcasting; b may be a number (torch.mul). */
  mul: {
    node: 'MulBackward0', result: 'promote', keepsBool: true, scalarB: true, api: 'generated', inplace: true,
    saves: (needA, needB) => ({ a: needB, b: needA, out: false }),
    grad: (g, a, b): GradPair => [b !== null ? g.mul(b) : null, a !== null ? g.mul(a) : null],
  },
  div: {
    node: 'DivBackward0', result: 'float', scalarB: true, api: 'custom', inplace: true,
    saves: (_needA, needB) => ({ a: needB, b: true, out: false }),
    // PyTorch: grad / other and -grad * ((self / other) / other).
    grad: (g, a, b): GradPair => [b !== null ? g.div(b) : null, a !== null && b !== null ? g.neg().mul(a.div(b).div(b)) : null],
  },
  pow: {
    node: 'PowBackward1', scalarNode: 'PowBackward0', result: 'promote', scalarB: true, api: 'custom', inplace: true,
    saves: (_needA, needB) => ({ a: true, b: true, out: needB }),
    grad: (g, a, b, out): GradPair => {
      const x = t(a);
      if (typeof b === 'number') return [powScalarGrad(g, x, b), null];
      const e = t(b);
      const ga = where(e.eq(0), 0, g.mul(e.mul(x.pow(e.sub(1)))));
      const gb = out && g.mul(where(x.eq(0).logicalAnd(e.ge(0)), 0, out.mul(x.log())));
      return [ga, gb];
    },
  },
  /** The larger of a and b, elementwise with broadcasting; NaN where either is NaN (torch.maximum). b is a tensor; the reduction is max. */
  maximum: {
    node: 'MaximumBackward0', result: 'promote', keepsBool: true, scalarB: false, saves: both, api: 'generated', inplace: false,
    grad: (g, a, b): GradPair => extremumGrad(t(a), t(b), g, true),
  },
  /** The smaller of a and b, elementwise with broadcasting; NaN where either is NaN (torch.minimum). b is a tensor; the reduction is min. */
  minimum: {
    node: 'MinimumBackward0', result: 'promote', keepsBool: true, scalarB: false, saves: both, api: 'generated', inplace: false,
    grad: (g, a, b): GradPair => extremumGrad(t(a), t(b), g, false),
  },
  /** atan2(a, b): the angle in radians of the point (b, a), elementwise with broadcasting (torch.atan2). b is a tensor. */
  atan2: {
    node: 'Atan2Backward0', result: 'float', scalarB: false, saves: both, api: 'generated', inplace: true,
    grad: (g, a, b): GradPair => {
      const x = t(a), y = t(b);
      const recip = x.mul(x).add(y.mul(y)).reciprocal();
      return [g.mul(y).mul(recip), g.mul(x.neg()).mul(recip)];
    },
  },
  /** C's remainder a - trunc(a / b) * b, with a's sign, broadcast; b may be a number (torch.fmod). Integer division by zero throws. */
  fmod: {
    node: 'FmodBackward1', scalarNode: 'FmodBackward0', result: 'promote', scalarB: true, api: 'generated', inplace: true,
    saves: (_a, needB) => ({ a: needB, b: needB, out: false }),
    grad: (g, a, b): GradPair => [g, a !== null && b !== null ? g.neg().mul(a.div(b, { roundingMode: 'trunc' })) : null],
  },
  /** Python's remainder a - floor(a / b) * b, with b's sign, broadcast; b may be a number (torch.remainder). Integer division by zero throws. */
  remainder: {
    node: 'RemainderBackward1', scalarNode: 'RemainderBackward0', result: 'promote', scalarB: true, api: 'generated', inplace: true,
    saves: (_a, needB) => ({ a: needB, b: needB, out: false }),
    grad: (g, a, b): GradPair => [g, a !== null && b !== null ? g.neg().mul(a.div(b, { roundingMode: 'floor' })) : null],
  },
  /** floor(a / b), elementwise with broadcasting; b may be a number (torch.floor_divide). No gradient; integer division by zero throws. */
  floorDivide: { node: '', result: 'promote', scalarB: true, saves: none, grad: null, api: 'generated', inplace: false },
  /** A bool tensor, true where a == b, broadcast; b may be a number (torch.eq). */
  eq: predicate,
  /** A bool tensor, true where a != b, broadcast; b may be a number (torch.ne). */
  ne: predicate,
  /** A bool tensor, true where a < b, broadcast; b may be a number (torch.lt). */
  lt: predicate,
  /** A bool tensor, true where a <= b, broadcast; b may be a number (torch.le). */
  le: predicate,
  /** A bool tensor, true where a > b, broadcast; b may be a number (torch.gt). */
  gt: predicate,
  /** A bool tensor, true where a >= b, broadcast; b may be a number (torch.ge). */
  ge: predicate,
  /** A bool tensor, true where a and b are both nonzero, broadcast (torch.logical_and). */
  logicalAnd: predicate,
  /** A bool tensor, true where a or b is nonzero, broadcast (torch.logical_or). */
  logicalOr: predicate,
  /** A bool tensor, true where exactly one of a and b is nonzero, broadcast (torch.logical_xor). */
  logicalXor: predicate,
  /** |a| with the sign of b, elementwise with broadcasting; b may be a number (torch.copysign). Integral inputs give the default float dtype. */
  copysign: {
    node: 'CopysignBackward0', scalarNode: 'CopysignBackward1', result: 'float', scalarB: true, api: 'generated', inplace: true,
    saves: (needA) => ({ a: needA, b: false, out: needA }),
    // PyTorch: grad * (result / self), 0 where self == 0; other gets zeros.
    grad: (g, a, _b, out): GradPair => [
      a !== null && out !== null ? g.mul(where(a.eq(0), 0, out.div(a))) : null, alloc(g.shape.slice(), g.dtype, g.storage.device),
    ],
  },
  /** sqrt(a^2 + b^2) without intermediate overflow, elementwise with broadcasting (torch.hypot). Floating tensors only. */
  hypot: {
    node: 'HypotBackward0', result: 'float', scalarB: false, api: 'generated', inplace: true,
    kernel: { name: 'hypot_cpu', dtypes: 'floating' },
    saves: () => ({ a: true, b: true, out: true }),
    grad: (g, a, b, out): GradPair => [g.mul(t(a)).div(t(out)), g.mul(t(b)).div(t(out))],
  },
  bitwiseAnd: bitwise('bitwise_and_cpu', 'integralOrBool'),
  bitwiseOr: bitwise('bitwise_or_cpu', 'integralOrBool'),
  bitwiseXor: bitwise('bitwise_xor_cpu', 'integralOrBool'),
  bitwiseLeftShift: bitwise('lshift_cpu', 'integral'),
  bitwiseRightShift: bitwise('rshift_cpu', 'integral'),
} as const satisfies Record<BinaryOp, BinaryRow>;

/** The rows with every field present, in one order: one hidden class, monomorphic reads. */
const ROWS: Readonly<Record<BinaryOp, BinaryRow>> = Object.fromEntries(BINARY_OPS.map((op): [BinaryOp, BinaryRow] => {
  const r: BinaryRow = BINARY[op];
  return [op, {
    node: r.node, scalarNode: r.scalarNode, result: r.result, keepsBool: r.keepsBool, scalarB: r.scalarB,
    saves: r.saves, grad: r.grad, api: r.api, inplace: r.inplace, kernel: r.kernel,
  }];
})) as Record<BinaryOp, BinaryRow>;

/** The dtype the kernel computes in (comparisons compare in the promoted type). */
function computeDtype(row: BinaryRow, a: Operand, b: Operand): DType {
  const t = resultType2(a, b);
  if (row.result === 'float') return isFloating(t) ? t : getDefaultDtype();
  if (t === 'bool' && row.result === 'promote' && row.keepsBool !== true) return 'int32';
  return t;
}

function outDtype(row: BinaryRow, compute: DType): DType {
  return row.result === 'bool' ? 'bool' : compute;
}

/**
 * Stands in for a saved scalar operand: PyTorch saves the wrapped number, so a second backward
 * through mul/div by a number raises; the rule itself reads the number from its closure.
 */
const SAVED_SCALAR = alloc([], 'float64');

/** A tensor operand as the kernel must read it: float32 compute rounds float64/int32 inputs first. */
function forCompute(t: Tensor, compute: DType): Tensor {
  if (compute !== 'float32' || t.dtype === 'float32' || t.dtype === 'bool') return t;
  const c = alloc(t.shape.slice(), 'float32', t.storage.device);
  backendOf(t).copy(t, c);
  return c;
}

/** b as the kernel reads it; pow keeps a scalar exponent in double, as PyTorch's scalar path does. */
function kernelB(op: BinaryOp, b: Operand, compute: DType): Tensor | number {
  if (b instanceof Tensor) return forCompute(b, compute);
  return op === 'pow' ? scalarValue(b) : castOperand(compute, scalarValue(b));
}

function checkOperand(op: BinaryOp, b: Operand): void {
  if (!(b instanceof Tensor) && !ROWS[op].scalarB) {
    throw new TypeError(`${op}(): argument 'other' (position 1) must be Tensor, not ${typeof b === 'boolean' ? 'bool' : Number.isInteger(b) ? 'int' : 'float'}`);
  }
}

/** PyTorch's names of the dtypes in "not implemented for" errors (int32 stands for its int64). */
const KERNEL_TYPE_NAME: Record<DType, string> = { float32: 'Float', float64: 'Double', int32: 'Long', int64: 'Long', bool: 'Bool', float16: 'Half', bfloat16: 'BFloat16', uint8: 'Byte', int8: 'Char', int16: 'Short' };

/** The kernel's "not implemented" error for a promoted dtype it is not compiled for. */
/** A row's kernel dtype check (only rows that restrict dtypes carry `kernel`: the caller tests that first). */
function checkKernelDtype(k: NonNullable<BinaryRow['kernel']>, a: Operand, b: Operand): void {
  const d = resultType2(a, b);
  const ok = k.dtypes === 'floating' ? isFloating(d) : k.dtypes === 'integral' ? isIntegral(d) : !isFloating(d);
  if (!ok) throw new TypeError(`"${k.name}" not implemented for '${KERNEL_TYPE_NAME[d]}'`);
}

/** Integer floor division, fmod and remainder by zero raise as PyTorch's integer kernels do (when any element is computed). */
function checkIntegerDivisor(op: BinaryOp, compute: DType, b: Operand): void {
  if (isFloating(compute) || (op !== 'floorDivide' && op !== 'fmod' && op !== 'remainder')) return;
  checkNonzeroDivisor(b);
}

/** PyTorch's integer kernels' "ZeroDivisionError" when the divisor holds a zero. */
export function checkNonzeroDivisor(b: Operand): void {
  // A device without sync reads cannot check first (as on CUDA, no error there): its kernels give 0.
  if (b instanceof Tensor && b.storage.device !== 'cpu') return;
  if (b instanceof Tensor ? b.eq(0).any().item() : scalarValue(b) === 0) throw new Error('ZeroDivisionError');
}

/** Forward only: a op b, broadcast, with PyTorch's result dtype. */
export function binaryRaw(op: BinaryOp, a: Operand, b: Operand): Tensor {
  const row = ROWS[op];
  if (row.kernel !== undefined) checkKernelDtype(row.kernel, a, b);
  const compute = computeDtype(row, a, b);
  let at = a instanceof Tensor ? forCompute(a, compute) : scalarTensor(a, compute);
  if (b instanceof Tensor && b.storage.device !== at.storage.device) {
    const device = commonDevice([at, b]);
    [at, b] = [matchDevice(at, device), matchDevice(b, device)];
  }
  const out = alloc(b instanceof Tensor ? broadcastShapes(at.shape, b.shape) : at.shape.slice(), outDtype(row, compute), at.storage.device);
  if (!isFloating(compute) && out.numel() > 0) checkIntegerDivisor(op, compute, b);
  backendOf(at).binary(op, at, kernelB(op, b, compute), out);
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

/** a op b with autograd; scalar operands are constants. */
export function binary(op: BinaryOp, a: Operand, b: Operand): Tensor {
  checkOperand(op, b);
  const row = ROWS[op];
  // A scalar on the left (torch.sub(1, x)) is a constant 0-dim tensor of the compute dtype.
  const at = a instanceof Tensor ? a : scalarTensor(a, computeDtype(row, a, b));
  const out = binaryRaw(op, at, b);
  const bt = b instanceof Tensor ? b : null;
  const grad = row.grad;
  if (grad === null || !needsGrad(at, bt)) return out;
  const needA = at.requiresGrad, needB = bt !== null && bt.requiresGrad;
  const aShape = at.shape, bShape = bt?.shape ?? [];
  const sv = row.saves(needA, needB);
  // A scalar b is saved as the number (SAVED_SCALAR stands in for it in the graph).
  const bs = bt === null ? scalarValue(b as Scalar) : null;
  const saved: Tensor[] = [];
  if (sv.a) saved.push(at);
  if (sv.b) saved.push(bt ?? SAVED_SCALAR);
  if (sv.out) saved.push(out);
  const inputs = bt === null ? [at] : [at, bt];
  const scalarB = bt === null; // the closure keeps this, not b itself
  record(out, bt === null ? row.scalarNode ?? row.node : row.node, inputs, saved, null, (g, s) => {
    // Saved tensors come back through `s`, so the closure holds no tensors of its own.
    let i = 0;
    const sa = sv.a ? s[i++]! : null;
    const sb = sv.b ? (bs ?? s[i]!) : null;
    if (sv.b) i++;
    const so = sv.out ? s[i]! : null;
    const [ga, gb] = grad(g, sa, sb, so);
    const gA = ga && needA ? sumToShape(ga, aShape) : null;
    return scalarB ? [gA] : [gA, gb && needB ? sumToShape(gb, bShape) : null];
  });
  return out;
}

/** In-place a op= b (add_, mul_, ...): the result must fit self's shape and dtype. */
export function binaryInplace(op: BinaryOp, self: Tensor, b: Operand): Tensor {
  checkOperand(op, b);
  if (b instanceof Tensor && b.storage.device !== self.storage.device) b = matchDevice(b, self.storage.device);
  const row = ROWS[op];
  if (row.kernel !== undefined) checkKernelDtype(row.kernel, self, b);
  const compute = computeDtype(row, self, b);
  const dtype = outDtype(row, compute);
  const bt = b instanceof Tensor ? b : null;
  const shape = bt !== null ? broadcastShapes(self.shape, bt.shape) : self.shape;
  if (!inplaceTracks(self, shape, dtype, row.grad !== null, bt)) {
    if (compute === self.dtype && dtype === self.dtype && !aliases(self, bt)) {
      if (self.numel() > 0) checkIntegerDivisor(op, compute, b);
      // The kernel reads a[i] before writing out[i], so it can write straight into self.
      backendOf(self).binary(op, self, kernelB(op, b, compute), self);
      return written(self);
    }
    writeInto(self, binaryRaw(op, self, b));
    return self;
  }
  return inplaceTracked(self, row.saves(self.requiresGrad, bt !== null && bt.requiresGrad).a, (old) => binary(op, old, b));
}

/** The binary ops whose torch function and Tensor method come from their row. */
export type GeneratedBinary = { [K in BinaryOp]: typeof BINARY[K]['api'] extends 'generated' ? K : never }[BinaryOp];
export type GeneratedBinaryInplace = { [K in GeneratedBinary]: typeof BINARY[K]['inplace'] extends true ? K : never }[GeneratedBinary];
/** b's type for op K: a number too where PyTorch takes one. */
export type OtherOf<K extends BinaryOp> = typeof BINARY[K]['scalarB'] extends true ? Operand : Tensor;

// Mapped over the rows' keys (homomorphic), so each function carries its row's doc comment.
export type BinaryFunctions = { readonly [K in keyof typeof BINARY as K extends GeneratedBinary ? K : never]: (a: Tensor, b: OtherOf<K>) => Tensor };
export type BinaryInplaceFunctions = { readonly [K in GeneratedBinaryInplace as `${K}_`]: (a: Tensor, b: OtherOf<K>) => Tensor };

function isGenerated(op: BinaryOp): op is GeneratedBinary {
  return ROWS[op].api === 'generated';
}

export const GENERATED_BINARY: readonly GeneratedBinary[] = BINARY_OPS.filter(isGenerated);
export const GENERATED_BINARY_INPLACE: readonly GeneratedBinaryInplace[] =
  GENERATED_BINARY.filter((op): op is GeneratedBinaryInplace => ROWS[op].inplace);

/** torch.mul, torch.eq, ...: one function per generated row. */
export const BINARY_FUNCTIONS = Object.fromEntries(GENERATED_BINARY.map((op) =>
  [op, (a: Tensor, b: Operand): Tensor => binary(op, a, b)])) as BinaryFunctions;

/** torch.mul_, ...: the in-place forms. */
export const BINARY_INPLACE_FUNCTIONS = Object.fromEntries(GENERATED_BINARY_INPLACE.map((op) =>
  [`${op}_`, (a: Tensor, b: Operand): Tensor => binaryInplace(op, a, b)])) as BinaryInplaceFunctions;

/** Read-only zeros per device and dtype for where(c, x, 0): never written and never handed out. */
const ZEROS = new Map<DeviceType, Map<DType, Tensor>>();
function zeroOf(dtype: DType, device: DeviceType): Tensor {
  let perDevice = ZEROS.get(device);
  if (perDevice === undefined) ZEROS.set(device, perDevice = new Map<DType, Tensor>());
  let z = perDevice.get(dtype);
  if (z === undefined) perDevice.set(dtype, z = alloc([], dtype, device));
  return z;
}

/**
 * where(y <= 0, 0, g), relu's gradient. In a first-order backward (grad mode off), with g of y's
 * floating dtype, shape and device, the two kernels that composition runs are called directly
 * (same kernels, same values) without the ops' promotion, broadcast and device work.
 */
export function reluGrad(g: Tensor, y: Tensor): Tensor {
  const device = y.storage.device;
  if (isGradEnabled() || g.dtype !== y.dtype || !isFloating(y.dtype) || g.storage.device !== device || !shapeEquals(g.shape, y.shape)) {
    return where(y.le(0), 0, g);
  }
  const be = backendOf(y);
  const mask = alloc(y.shape.slice(), 'bool', device);
  be.binary('le', y, 0, mask);
  const out = alloc(y.shape.slice(), y.dtype, device);
  be.where(mask, zeroOf(y.dtype, device), g, out);
  return out;
}

/** torch.where(cond, a, b): a where cond is true, else b; broadcast; gradients flow to a and b. */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  if (cond.dtype !== 'bool') throw new TypeError(`where expected condition to be a boolean tensor, but got a tensor with dtype ${cond.dtype}`);
  const dtype = resultType(a, b);
  if ((a instanceof Tensor && a.storage.device !== cond.storage.device) || (b instanceof Tensor && b.storage.device !== cond.storage.device)) {
    const device = commonDevice([cond, a instanceof Tensor ? a : null, b instanceof Tensor ? b : null]);
    cond = matchDevice(cond, device);
  }
  const at = a instanceof Tensor ? forCompute(a, dtype) : a === 0 ? zeroOf(dtype, cond.storage.device) : scalarTensor(a, dtype, cond.storage.device);
  const bt = b instanceof Tensor ? forCompute(b, dtype) : b === 0 ? zeroOf(dtype, cond.storage.device) : scalarTensor(b, dtype, cond.storage.device);
  const shape = broadcastShapes(broadcastShapes(cond.shape, at.shape), bt.shape);
  const out = alloc(shape, dtype, cond.storage.device);
  backendOf(cond).where(cond, matchDevice(at, cond.storage.device), matchDevice(bt, cond.storage.device), out);
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
