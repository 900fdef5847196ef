/**
 * Unary elementwise ops: each row is the op, its PyTorch node name, its dtype rule, its gradient
 * beside it and its public forms; the functions and methods are generated from the rows.
 * Gradients are written with differentiable tensor methods, so double backward comes for free.
 */
import { isFloating, type DType } from '../dtype';
import { UNARY_OPS, type UnaryOp } from '../backend/types';
import { backendOf } from '../backend/index';
import { needsGrad, record } from '../autograd/record';
import type { Tensor } from '../tensor';
import { alloc, floatDtype, scalarOf } from './util';
import { inplaceTracked, inplaceTracks, written } from './inplace';
import { reluGrad, where } from './binary';

/**
 * GeluBackward of contiguous float32 tensors (2+ elements) outside create-graph mode, as torch
 * 1.13 computes it (oneDNN's kernel, not the erf/exp formula), by the backend's geluBackward;
 * null where that does not apply (or the backend has none: webgpu composes the formula).
 */
function geluBackwardF32(g: Tensor, x: Tensor): Tensor | null {
  const be = backendOf(x);
  if (be.geluBackward === undefined || needsGrad(g, x) || g.dtype !== 'float32' || x.dtype !== 'float32' || x.numel() <= 1) return null;
  if (!g.isContiguous() || !x.isContiguous() || g.shape.length !== x.shape.length || g.shape.some((d, i) => d !== x.shape[i])) return null;
  if (g.storage.device !== x.storage.device) return null;
  const out = alloc(x.shape.slice(), 'float32', x.storage.device);
  be.geluBackward(g, x, out);
  return out;
}

type Grad = (g: Tensor, x: Tensor, out: Tensor, p0: number, p1: number) => Tensor | null;

/**
 * One unary op, declared once: everything else (the torch function, the Tensor method, the
 * in-place forms, the backend op code) comes from this row. A test checks each promised form.
 */
export interface UnaryRow {
  /** PyTorch's backward node name ('' for ops without a gradient). */
  readonly node: string;
  /** 'float': integral inputs give the default float (exp of an int); 'same': keeps dtype; 'bool': predicate. */
  readonly result: 'float' | 'same' | 'bool';
  /** The gradient, written in differentiable ops (so double backward is free); null: none. */
  readonly grad: Grad | null;
  /** What the gradient reads: the op's input, its output, or neither (only that is kept alive). */
  readonly saves: 'input' | 'output' | 'none';
  /**
   * 'generated': `torch.name(x)` and `x.name()` come from this row; 'custom': they take
   * parameters and are written in elementwise.ts; 'internal': no public form.
   */
  readonly api: 'generated' | 'custom' | 'internal';
  /** Whether `name_` exists (generated with the api, hand-written for custom rows). */
  readonly inplace: boolean;
  /** For a bool input: PyTorch's error, or the result itself (sign keeps a bool tensor). */
  readonly onBool?: (x: Tensor) => Tensor;
  /** PyTorch's kernel name, for ops defined only on floating tensors. */
  readonly floatOnly?: string;
}

/** Piecewise-constant ops have zero gradient (zeros, not g*0, so NaN gradients do not leak). */
const zeroGrad: Grad = (g): Tensor => alloc(g.shape.slice(), g.dtype, g.storage.device);

const SQRT_2_PI = Math.sqrt(2 / Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

const NEG_BOOL = (): Tensor => {
  throw new Error('Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.');
};
const ABS_BOOL = (): Tensor => {
  throw new Error('"abs_cpu" not implemented for \'Bool\'');
};

/** The unary ops, one row each (see UnaryRow). */
export const UNARY = {
  identity: { node: 'CloneBackward0', result: 'same', saves: 'none', api: 'internal', inplace: false, grad: (g): Tensor | null => g },
  /** -x, elementwise (torch.neg). Throws on a bool tensor, as PyTorch does (use logicalNot). */
  neg: { node: 'NegBackward0', result: 'same', saves: 'none', api: 'generated', inplace: true, onBool: NEG_BOOL, grad: (g): Tensor | null => g.neg() },
  /** |x|, elementwise (torch.abs). Not implemented for bool tensors. */
  abs: { node: 'AbsBackward0', result: 'same', saves: 'input', api: 'generated', inplace: true, onBool: ABS_BOOL, grad: (g, x): Tensor | null => g.mul(x.sign()) },
  /** e^x, elementwise (torch.exp). Integral inputs give the default float dtype. */
  exp: { node: 'ExpBackward0', result: 'float', saves: 'output', api: 'generated', inplace: true, grad: (g, _x, out): Tensor | null => g.mul(out) },
  /** 2^x, elementwise (torch.exp2). Integral inputs give the default float dtype. */
  exp2: { node: 'Exp2Backward0', result: 'float', saves: 'output', api: 'generated', inplace: true, grad: (g, _x, out): Tensor | null => g.mul(out).mul(Math.LN2) },
  /** e^x - 1, accurate near 0 (torch.expm1). Integral inputs give the default float dtype. */
  expm1: { node: 'Expm1Backward0', result: 'float', saves: 'output', api: 'generated', inplace: true, grad: (g, _x, out): Tensor | null => g.mul(out.add(1)) },
  /** Natural logarithm, elementwise (torch.log): NaN below 0, -inf at 0. Integral inputs give the default float dtype. */
  log: { node: 'LogBackward0', result: 'float', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.div(x) },
  /** Base-2 logarithm, elementwise (torch.log2). Integral inputs give the default float dtype. */
  log2: { node: 'Log2Backward0', result: 'float', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.div(x.mul(Math.LN2)) },
  /** Base-10 logarithm, elementwise (torch.log10). Integral inputs give the default float dtype. */
  log10: { node: 'Log10Backward0', result: 'float', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.div(x.mul(Math.LN10)) },
  /** log(1 + x), accurate near 0 (torch.log1p). Integral inputs give the default float dtype. */
  log1p: { node: 'Log1PBackward0', result: 'float', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.div(x.add(1)) },
  /** Square root, elementwise (torch.sqrt): NaN below 0. Integral inputs give the default float dtype. */
  sqrt: { node: 'SqrtBackward0', result: 'float', saves: 'output', api: 'generated', inplace: true, grad: (g, _x, out): Tensor | null => g.div(out.mul(2)) },
  /** 1 / sqrt(x), elementwise (torch.rsqrt). Integral inputs give the default float dtype. */
  rsqrt: { node: 'RsqrtBackward0', result: 'float', saves: 'output', api: 'generated', inplace: true, grad: (g, _x, out): Tensor | null => g.mul(out.pow(3)).mul(-0.5) },
  /** x * x, elementwise, in x's dtype (torch.square). */
  square: { node: 'PowBackward0', result: 'same', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.mul(x.mul(2)) },
  /** 1 / x, elementwise (torch.reciprocal). Integral inputs give the default float dtype. */
  reciprocal: { node: 'ReciprocalBackward0', result: 'float', saves: 'output', api: 'generated', inplace: true, grad: (g, _x, out): Tensor | null => g.mul(out.mul(out)).neg() },
  /** Sine of x in radians, elementwise (torch.sin). Integral inputs give the default float dtype. */
  sin: { node: 'SinBackward0', result: 'float', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.mul(x.cos()) },
  /** Cosine of x in radians, elementwise (torch.cos). Integral inputs give the default float dtype. */
  cos: { node: 'CosBackward0', result: 'float', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.mul(x.sin()).neg() },
  /** Tangent of x in radians, elementwise (torch.tan). Integral inputs give the default float dtype. */
  tan: { node: 'TanBackward0', result: 'float', saves: 'output', api: 'generated', inplace: true, grad: (g, _x, out): Tensor | null => g.mul(out.mul(out).add(1)) },
  /** Arcsine, elementwise (torch.asin): NaN outside -1..1. Integral inputs give the default float dtype. */
  asin: { node: 'AsinBackward0', result: 'float', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.mul(x.mul(x).neg().add(1).rsqrt()) },
  /** Arccosine, elementwise (torch.acos): NaN outside -1..1. Integral inputs give the default float dtype. */
  acos: { node: 'AcosBackward0', result: 'float', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.mul(x.mul(x).neg().add(1).rsqrt()).neg() },
  /** Arctangent, elementwise (torch.atan). Integral inputs give the default float dtype. */
  atan: { node: 'AtanBackward0', result: 'float', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.div(x.mul(x).add(1)) },
  /** Hyperbolic sine, elementwise (torch.sinh). Integral inputs give the default float dtype. */
  sinh: { node: 'SinhBackward0', result: 'float', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.mul(x.cosh()) },
  /** Hyperbolic cosine, elementwise (torch.cosh). Integral inputs give the default float dtype. */
  cosh: { node: 'CoshBackward0', result: 'float', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.mul(x.sinh()) },
  /** Inverse hyperbolic sine, elementwise (torch.asinh). Integral inputs give the default float dtype. */
  asinh: { node: 'AsinhBackward0', result: 'float', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.mul(x.mul(x).add(1).rsqrt()) },
  /** Inverse hyperbolic cosine, elementwise (torch.acosh): NaN below 1. Integral inputs give the default float dtype. */
  acosh: { node: 'AcoshBackward0', result: 'float', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.mul(x.mul(x).sub(1).rsqrt()) },
  /** Inverse hyperbolic tangent, elementwise (torch.atanh): NaN outside -1..1. Integral inputs give the default float dtype. */
  atanh: { node: 'AtanhBackward0', result: 'float', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.div(x.mul(x).neg().add(1)) },
  // PyTorch's kernel computes grad * (1 - y*y) with the 1 - y*y fused: addcmul's rounding.
  /** Hyperbolic tangent, elementwise (torch.tanh). Integral inputs give the default float dtype. */
  tanh: { node: 'TanhBackward0', result: 'float', saves: 'output', api: 'generated', inplace: true, grad: (g, _x, out): Tensor | null => g.mul(oneMinusSquare(out)) },
  /** The logistic function 1 / (1 + e^-x), elementwise (torch.sigmoid). Integral inputs give the default float dtype. */
  sigmoid: { node: 'SigmoidBackward0', result: 'float', saves: 'output', api: 'generated', inplace: true, grad: (g, _x, out): Tensor | null => g.mul(out.neg().add(1)).mul(out) },
  /** max(x, 0), elementwise, in x's dtype (torch.relu). */
  relu: { node: 'ReluBackward0', result: 'same', saves: 'output', api: 'generated', inplace: true, grad: (g, _x, out): Tensor | null => reluGrad(g, out) },
  leakyRelu: { node: 'LeakyReluBackward0', result: 'same', saves: 'input', api: 'custom', inplace: true, grad: (g, x, _o, slope): Tensor | null => where(x.gt(0), g, g.mul(slope)) },
  elu: {
    node: 'EluBackward0', result: 'same', saves: 'input', api: 'custom', inplace: false,
    grad: (g, x, _o, alpha): Tensor | null => where(x.le(0), g.mul(alpha).mul(x.exp()), g),
  },
  softplus: {
    node: 'SoftplusBackward0', result: 'same', saves: 'input', api: 'custom', inplace: false,
    grad: (g, x, _o, beta, threshold): Tensor | null => {
      const z = x.mul(beta);
      const e = z.exp();
      return where(z.gt(threshold), g, g.mul(e).div(e.add(1)));
    },
  },
  clamp: {
    node: 'ClampBackward1', result: 'same', saves: 'input', api: 'custom', inplace: true,
    grad: (g, x, _o, lo, hi): Tensor | null => where(x.ge(lo).logicalAnd(x.le(hi)), g, 0),
  },
  gelu: {
    node: 'GeluBackward0', result: 'same', saves: 'input', api: 'custom', inplace: false,
    grad: (g, x): Tensor | null => {
      const exact = geluBackwardF32(g, x);
      if (exact !== null) return exact;
      const cdf = x.mul(Math.SQRT1_2).erf().add(1).mul(0.5);
      const pdf = x.mul(x).mul(-0.5).exp().mul(INV_SQRT_2PI);
      return g.mul(cdf.add(x.mul(pdf)));
    },
  },
  geluTanh: {
    node: 'GeluBackward0', result: 'same', saves: 'input', api: 'custom', inplace: false,
    grad: (g, x): Tensor | null => {
      const inner = x.add(x.pow(3).mul(0.044715)).mul(SQRT_2_PI);
      const t = inner.tanh();
      const dInner = x.mul(x).mul(3 * 0.044715).add(1).mul(SQRT_2_PI);
      const left = t.add(1).mul(0.5);
      const right = x.mul(0.5).mul(t.mul(t).neg().add(1)).mul(dInner);
      return g.mul(left.add(right));
    },
  },
  /** x * sigmoid(x), elementwise (torch.nn.functional.silu). Floating tensors only: others throw PyTorch's "not implemented for" error. */
  silu: {
    node: 'SiluBackward0', result: 'same', saves: 'input', api: 'generated', inplace: true, floatOnly: 'silu',
    grad: (g, x): Tensor | null => {
      const s = x.sigmoid();
      return g.mul(s).mul(x.mul(s.neg().add(1)).add(1));
    },
  },
  /** The Gauss error function, elementwise (torch.erf). Integral inputs give the default float dtype. */
  erf: { node: 'ErfBackward0', result: 'float', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.mul(x.mul(x).neg().exp().mul(2 / Math.sqrt(Math.PI))) },
  /** 1 - erf(x), accurate where erf is near 1 (torch.erfc). Integral inputs give the default float dtype. */
  erfc: { node: 'ErfcBackward0', result: 'float', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.mul(x.mul(x).neg().exp().mul(-2 / Math.sqrt(Math.PI))) },
  /** -1, 0 or 1 by the sign of x, in x's dtype (torch.sign); a bool tensor comes back as a copy. */
  sign: { node: 'SignBackward0', result: 'same', saves: 'none', api: 'generated', inplace: true, onBool: (x): Tensor => x.clone(), grad: zeroGrad },
  /** The largest integer not above x, elementwise (torch.floor); integral tensors are returned unchanged in value. */
  floor: { node: 'FloorBackward0', result: 'same', saves: 'none', api: 'generated', inplace: true, grad: zeroGrad },
  /** The smallest integer not below x, elementwise (torch.ceil); integral tensors are returned unchanged in value. */
  ceil: { node: 'CeilBackward0', result: 'same', saves: 'none', api: 'generated', inplace: true, grad: zeroGrad },
  /** Rounds to the nearest integer, halves to even as PyTorch (torch.round): round(2.5) is 2. */
  round: { node: 'RoundBackward0', result: 'same', saves: 'none', api: 'generated', inplace: true, grad: zeroGrad },
  /** Rounds toward zero, elementwise (torch.trunc). */
  trunc: { node: 'TruncBackward0', result: 'same', saves: 'none', api: 'generated', inplace: true, grad: zeroGrad },
  /** The fractional part x - trunc(x), with x's sign (torch.frac). */
  frac: { node: 'FracBackward0', result: 'same', saves: 'none', api: 'generated', inplace: true, grad: (g): Tensor | null => g },
  /** A bool tensor, true where x is zero (torch.logical_not). */
  logicalNot: { node: '', result: 'bool', saves: 'none', api: 'generated', inplace: false, grad: null },
  /** A bool tensor, true where x is NaN (torch.isnan). */
  isnan: { node: '', result: 'bool', saves: 'none', api: 'generated', inplace: false, grad: null },
  /** A bool tensor, true where x is neither NaN nor infinite (torch.isfinite). */
  isfinite: { node: '', result: 'bool', saves: 'none', api: 'generated', inplace: false, grad: null },
  /** A bool tensor, true where x is +inf or -inf (torch.isinf). */
  isinf: { node: '', result: 'bool', saves: 'none', api: 'generated', inplace: false, grad: null },
  /** A bool tensor, true where x's sign bit is set, -0 included (torch.signbit). */
  signbit: { node: '', result: 'bool', saves: 'none', api: 'generated', inplace: false, grad: null },
  // Written in bitwise.ts: integral and bool tensors only (a bool's result stays bool).
  bitwiseNot: { node: '', result: 'same', saves: 'none', api: 'custom', inplace: true, grad: null },
} as const satisfies Record<UnaryOp, UnaryRow>;
/**
 * The rows with every field present, in one order: one hidden class, so the per-call reads of a
 * row stay monomorphic (rows of a dozen shapes made each read a slow megamorphic lookup).
 */
const ROWS: Readonly<Record<UnaryOp, UnaryRow>> = Object.fromEntries(UNARY_OPS.map((op): [UnaryOp, UnaryRow] => {
  const r: UnaryRow = UNARY[op];
  return [op, {
    node: r.node, result: r.result, grad: r.grad, saves: r.saves, api: r.api, inplace: r.inplace,
    onBool: r.onBool, floatOnly: r.floatOnly,
  }];
})) as Record<UnaryOp, UnaryRow>;

function resultDtype(row: UnaryRow, d: DType): DType {
  if (row.result === 'bool') return 'bool';
  if (row.result === 'float') return floatDtype(d);
  return d === 'bool' ? 'int32' : d;
}

/** PyTorch's "not implemented" error for activations defined only on floating tensors. */
export function checkFloating(x: Tensor, kernel: string): void {
  if (!isFloating(x.dtype)) {
    throw new TypeError(`"${kernel}" not implemented for '${x.dtype === 'bool' ? 'Bool' : 'Long'}'`);
  }
}

/** 1 - y*y rounded once, as PyTorch's fused tanh backward: addcmul(1, y, y, value=-1). */
function oneMinusSquare(y: Tensor): Tensor {
  return scalarOf(1, y.dtype).addcmul(y, y, { value: -1 });
}

/** Records op's node on `out`: edges from `x`, saving the input and/or output its rule reads. */
function attach(op: UnaryOp, out: Tensor, x: Tensor, xSaved: Tensor | null, outSaved: Tensor | null, p0: number, p1: number): void {
  const row = ROWS[op];
  const grad = row.grad!;
  const saved = xSaved ?? outSaved;
  record(out, row.node, [x], saved ? [saved] : [], null, (g, s) => {
    // The closure must not capture x or out: only what is saved stays alive.
    const v = saved ? s[0]! : g;
    return [grad(g, v, v, p0, p1)];
  });
}

/** Applies a unary op with its gradient; p0/p1 carry parameters (slope, alpha, bounds). */
export function unary(op: UnaryOp, x: Tensor, p0 = 0, p1 = 0): Tensor {
  const row = ROWS[op];
  const out = alloc(x.shape.slice(), resultDtype(row, x.dtype), x.storage.device);
  backendOf(x).unary(op, x, out, p0, p1);
  if (row.grad !== null && needsGrad(x)) {
    attach(op, out, x, row.saves === 'input' ? x : null, row.saves === 'output' ? out : null, p0, p1);
  }
  return out;
}

/**
 * In-place form (relu_, clamp_, ...). With autograd the node's edge is self's old node; it saves
 * a copy of the old values when its rule reads the input, and self itself (at its new version)
 * when it reads the output, as PyTorch does.
 */
export function unaryInplace(op: UnaryOp, self: Tensor, p0 = 0, p1 = 0): Tensor {
  const row = ROWS[op];
  const track = inplaceTracks(self, self.shape, resultDtype(row, self.dtype), row.grad !== null);
  if (!track) {
    // The kernel reads x[i] before writing out[i], so it can write straight into self.
    backendOf(self).unary(op, self, self, p0, p1);
    return written(self);
  }
  return inplaceTracked(self, row.saves === 'input', (old) => {
    backendOf(self).unary(op, self, self, p0, p1);
    written(self);
    attach(op, self, self, row.saves === 'input' ? old : null, row.saves === 'output' ? self : null, p0, p1);
    return self;
  });
}

/** Runs a row's checks for x, or returns the result a bool input has (sign). */
function guarded(op: UnaryOp, x: Tensor): Tensor | null {
  const row = ROWS[op];
  if (x.dtype === 'bool' && row.onBool) return row.onBool(x);
  if (row.floatOnly !== undefined) checkFloating(x, row.floatOnly);
  return null;
}

/** The unary ops whose torch function and Tensor method come from their row. */
export type GeneratedUnary = { [K in UnaryOp]: typeof UNARY[K]['api'] extends 'generated' ? K : never }[UnaryOp];
/** Those of them with a generated in-place form. */
export type GeneratedUnaryInplace = { [K in GeneratedUnary]: typeof UNARY[K]['inplace'] extends true ? K : never }[GeneratedUnary];

// Mapped over the rows' keys (homomorphic), so each function carries its row's doc comment.
export type UnaryFunctions = { readonly [K in keyof typeof UNARY as K extends GeneratedUnary ? K : never]: (x: Tensor) => Tensor };
export type UnaryInplaceFunctions = { readonly [K in GeneratedUnaryInplace as `${K}_`]: (x: Tensor) => Tensor };

function isGenerated(op: UnaryOp): op is GeneratedUnary {
  return ROWS[op].api === 'generated';
}

/** The names of the generated ops, and those with a generated in-place form. */
export const GENERATED_UNARY: readonly GeneratedUnary[] = UNARY_OPS.filter(isGenerated);
export const GENERATED_UNARY_INPLACE: readonly GeneratedUnaryInplace[] =
  GENERATED_UNARY.filter((op): op is GeneratedUnaryInplace => ROWS[op].inplace);

/** torch.exp, torch.neg, ...: one function per generated row. */
export const UNARY_FUNCTIONS = Object.fromEntries(GENERATED_UNARY.map((op) =>
  [op, (x: Tensor): Tensor => guarded(op, x) ?? unary(op, x)])) as UnaryFunctions;

/** torch.exp_, ...: the in-place forms. */
export const UNARY_INPLACE_FUNCTIONS = Object.fromEntries(GENERATED_UNARY_INPLACE.map((op) =>
  [`${op}_`, (x: Tensor): Tensor => guarded(op, x) ?? unaryInplace(op, x)])) as UnaryInplaceFunctions;
