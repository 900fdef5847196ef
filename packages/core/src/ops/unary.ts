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
import { alloc, floatDtype, fromHost, scalarOf } from './util';
import { inplaceTracked, inplaceTracks, written } from './inplace';
import { where } from './binary';
import { geluBackwardOneDnn } from '../exact/gelu-onednn';

/**
 * GeluBackward of contiguous float32 tensors (2+ elements) outside create-graph mode, as torch
 * 1.13 computes it (oneDNN's kernel, not the erf/exp formula); null where that does not apply.
 */
function geluBackwardF32(g: Tensor, x: Tensor): Tensor | null {
  if (needsGrad(g, x) || g.dtype !== 'float32' || x.dtype !== 'float32' || x.numel() <= 1) return null;
  if (!g.isContiguous() || !x.isContiguous() || g.shape.length !== x.shape.length || g.shape.some((d, i) => d !== x.shape[i])) return null;
  const gd = g.toTypedArray(), xd = x.toTypedArray();
  if (!(gd instanceof Float32Array) || !(xd instanceof Float32Array)) return null;
  return fromHost(geluBackwardOneDnn(gd, xd), x.shape.slice(), 'float32', x.storage.device);
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
  neg: { node: 'NegBackward0', result: 'same', saves: 'none', api: 'generated', inplace: true, onBool: NEG_BOOL, grad: (g): Tensor | null => g.neg() },
  abs: { node: 'AbsBackward0', result: 'same', saves: 'input', api: 'generated', inplace: true, onBool: ABS_BOOL, grad: (g, x): Tensor | null => g.mul(x.sign()) },
  exp: { node: 'ExpBackward0', result: 'float', saves: 'output', api: 'generated', inplace: true, grad: (g, _x, out): Tensor | null => g.mul(out) },
  exp2: { node: 'Exp2Backward0', result: 'float', saves: 'output', api: 'generated', inplace: true, grad: (g, _x, out): Tensor | null => g.mul(out).mul(Math.LN2) },
  expm1: { node: 'Expm1Backward0', result: 'float', saves: 'output', api: 'generated', inplace: true, grad: (g, _x, out): Tensor | null => g.mul(out.add(1)) },
  log: { node: 'LogBackward0', result: 'float', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.div(x) },
  log2: { node: 'Log2Backward0', result: 'float', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.div(x.mul(Math.LN2)) },
  log10: { node: 'Log10Backward0', result: 'float', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.div(x.mul(Math.LN10)) },
  log1p: { node: 'Log1PBackward0', result: 'float', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.div(x.add(1)) },
  sqrt: { node: 'SqrtBackward0', result: 'float', saves: 'output', api: 'generated', inplace: true, grad: (g, _x, out): Tensor | null => g.div(out.mul(2)) },
  rsqrt: { node: 'RsqrtBackward0', result: 'float', saves: 'output', api: 'generated', inplace: true, grad: (g, _x, out): Tensor | null => g.mul(out.pow(3)).mul(-0.5) },
  square: { node: 'PowBackward0', result: 'same', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.mul(x.mul(2)) },
  reciprocal: { node: 'ReciprocalBackward0', result: 'float', saves: 'output', api: 'generated', inplace: true, grad: (g, _x, out): Tensor | null => g.mul(out.mul(out)).neg() },
  sin: { node: 'SinBackward0', result: 'float', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.mul(x.cos()) },
  cos: { node: 'CosBackward0', result: 'float', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.mul(x.sin()).neg() },
  tan: { node: 'TanBackward0', result: 'float', saves: 'output', api: 'generated', inplace: true, grad: (g, _x, out): Tensor | null => g.mul(out.mul(out).add(1)) },
  asin: { node: 'AsinBackward0', result: 'float', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.mul(x.mul(x).neg().add(1).rsqrt()) },
  acos: { node: 'AcosBackward0', result: 'float', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.mul(x.mul(x).neg().add(1).rsqrt()).neg() },
  atan: { node: 'AtanBackward0', result: 'float', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.div(x.mul(x).add(1)) },
  sinh: { node: 'SinhBackward0', result: 'float', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.mul(x.cosh()) },
  cosh: { node: 'CoshBackward0', result: 'float', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.mul(x.sinh()) },
  asinh: { node: 'AsinhBackward0', result: 'float', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.mul(x.mul(x).add(1).rsqrt()) },
  acosh: { node: 'AcoshBackward0', result: 'float', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.mul(x.mul(x).sub(1).rsqrt()) },
  atanh: { node: 'AtanhBackward0', result: 'float', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.div(x.mul(x).neg().add(1)) },
  // PyTorch's kernel computes grad * (1 - y*y) with the 1 - y*y fused: addcmul's rounding.
  tanh: { node: 'TanhBackward0', result: 'float', saves: 'output', api: 'generated', inplace: true, grad: (g, _x, out): Tensor | null => g.mul(oneMinusSquare(out)) },
  sigmoid: { node: 'SigmoidBackward0', result: 'float', saves: 'output', api: 'generated', inplace: true, grad: (g, _x, out): Tensor | null => g.mul(out.neg().add(1)).mul(out) },
  relu: { node: 'ReluBackward0', result: 'same', saves: 'output', api: 'generated', inplace: true, grad: (g, _x, out): Tensor | null => where(out.le(0), 0, g) },
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
  silu: {
    node: 'SiluBackward0', result: 'same', saves: 'input', api: 'generated', inplace: true, floatOnly: 'silu',
    grad: (g, x): Tensor | null => {
      const s = x.sigmoid();
      return g.mul(s).mul(x.mul(s.neg().add(1)).add(1));
    },
  },
  erf: { node: 'ErfBackward0', result: 'float', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.mul(x.mul(x).neg().exp().mul(2 / Math.sqrt(Math.PI))) },
  erfc: { node: 'ErfcBackward0', result: 'float', saves: 'input', api: 'generated', inplace: true, grad: (g, x): Tensor | null => g.mul(x.mul(x).neg().exp().mul(-2 / Math.sqrt(Math.PI))) },
  sign: { node: 'SignBackward0', result: 'same', saves: 'none', api: 'generated', inplace: true, onBool: (x): Tensor => x.clone(), grad: zeroGrad },
  floor: { node: 'FloorBackward0', result: 'same', saves: 'none', api: 'generated', inplace: true, grad: zeroGrad },
  ceil: { node: 'CeilBackward0', result: 'same', saves: 'none', api: 'generated', inplace: true, grad: zeroGrad },
  round: { node: 'RoundBackward0', result: 'same', saves: 'none', api: 'generated', inplace: true, grad: zeroGrad },
  trunc: { node: 'TruncBackward0', result: 'same', saves: 'none', api: 'generated', inplace: true, grad: zeroGrad },
  frac: { node: 'FracBackward0', result: 'same', saves: 'none', api: 'generated', inplace: true, grad: (g): Tensor | null => g },
  logicalNot: { node: '', result: 'bool', saves: 'none', api: 'generated', inplace: false, grad: null },
  isnan: { node: '', result: 'bool', saves: 'none', api: 'generated', inplace: false, grad: null },
  isfinite: { node: '', result: 'bool', saves: 'none', api: 'generated', inplace: false, grad: null },
  isinf: { node: '', result: 'bool', saves: 'none', api: 'generated', inplace: false, grad: null },
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
    throw new TypeError(`"${kernel}" not implemented for '${x.dtype === 'int32' ? 'Long' : 'Bool'}'`);
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

export type UnaryFunctions = { readonly [K in GeneratedUnary]: (x: Tensor) => Tensor };
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
