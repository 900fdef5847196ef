/**
 * Unary elementwise ops: each row is the op, its PyTorch node name, and its gradient beside it.
 * Gradients are written with differentiable tensor methods, so double backward comes for free.
 */
import type { DType } from '../dtype';
import type { UnaryOp } from '../backend/types';
import { backend } from '../backend/index';
import { needsGrad, record } from '../autograd/record';
import type { Tensor } from '../tensor';
import { alloc, checkInplace, floatDtype, writeInto } from './util';
import { rebaseViewHistory, refreshViewHistory } from './view-inplace';
import { where } from './binary';

type Grad = (g: Tensor, x: Tensor, out: Tensor, p0: number, p1: number) => Tensor | null;

interface UnaryDef {
  node: string;
  /** 'float': integral inputs give float32 (exp of an int); 'same': keeps dtype; 'bool': predicate. */
  result: 'float' | 'same' | 'bool';
  grad: Grad | null;
}

/** Piecewise-constant ops have zero gradient (zeros, not g*0, so NaN gradients do not leak). */
const zeroGrad: Grad = (g) => alloc(g.shape.slice(), g.dtype);

const SQRT_2_PI = Math.sqrt(2 / Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

const DEFS: Record<UnaryOp, UnaryDef> = {
  identity: { node: 'CloneBackward0', result: 'same', grad: (g) => g },
  neg: { node: 'NegBackward0', result: 'same', grad: (g) => g.neg() },
  abs: { node: 'AbsBackward0', result: 'same', grad: (g, x) => g.mul(x.sign()) },
  exp: { node: 'ExpBackward0', result: 'float', grad: (g, _x, out) => g.mul(out) },
  exp2: { node: 'Exp2Backward0', result: 'float', grad: (g, _x, out) => g.mul(out).mul(Math.LN2) },
  expm1: { node: 'Expm1Backward0', result: 'float', grad: (g, _x, out) => g.mul(out.add(1)) },
  log: { node: 'LogBackward0', result: 'float', grad: (g, x) => g.div(x) },
  log2: { node: 'Log2Backward0', result: 'float', grad: (g, x) => g.div(x.mul(Math.LN2)) },
  log10: { node: 'Log10Backward0', result: 'float', grad: (g, x) => g.div(x.mul(Math.LN10)) },
  log1p: { node: 'Log1PBackward0', result: 'float', grad: (g, x) => g.div(x.add(1)) },
  sqrt: { node: 'SqrtBackward0', result: 'float', grad: (g, _x, out) => g.div(out.mul(2)) },
  rsqrt: { node: 'RsqrtBackward0', result: 'float', grad: (g, _x, out) => g.mul(out.pow(3)).mul(-0.5) },
  square: { node: 'PowBackward0', result: 'same', grad: (g, x) => g.mul(x.mul(2)) },
  reciprocal: { node: 'ReciprocalBackward0', result: 'float', grad: (g, _x, out) => g.mul(out.mul(out)).neg() },
  sin: { node: 'SinBackward0', result: 'float', grad: (g, x) => g.mul(x.cos()) },
  cos: { node: 'CosBackward0', result: 'float', grad: (g, x) => g.mul(x.sin()).neg() },
  tan: { node: 'TanBackward0', result: 'float', grad: (g, _x, out) => g.mul(out.mul(out).add(1)) },
  asin: { node: 'AsinBackward0', result: 'float', grad: (g, x) => g.mul(x.mul(x).neg().add(1).rsqrt()) },
  acos: { node: 'AcosBackward0', result: 'float', grad: (g, x) => g.mul(x.mul(x).neg().add(1).rsqrt()).neg() },
  atan: { node: 'AtanBackward0', result: 'float', grad: (g, x) => g.div(x.mul(x).add(1)) },
  sinh: { node: 'SinhBackward0', result: 'float', grad: (g, x) => g.mul(x.cosh()) },
  cosh: { node: 'CoshBackward0', result: 'float', grad: (g, x) => g.mul(x.sinh()) },
  asinh: { node: 'AsinhBackward0', result: 'float', grad: (g, x) => g.mul(x.mul(x).add(1).rsqrt()) },
  acosh: { node: 'AcoshBackward0', result: 'float', grad: (g, x) => g.mul(x.mul(x).sub(1).rsqrt()) },
  atanh: { node: 'AtanhBackward0', result: 'float', grad: (g, x) => g.div(x.mul(x).neg().add(1)) },
  // PyTorch's kernel computes grad * (1 - y*y) with the 1 - y*y fused: addcmul's rounding.
  tanh: { node: 'TanhBackward0', result: 'float', grad: (g, _x, out) => g.mul(oneMinusSquare(out)) },
  sigmoid: { node: 'SigmoidBackward0', result: 'float', grad: (g, _x, out) => g.mul(out.neg().add(1)).mul(out) },
  relu: { node: 'ReluBackward0', result: 'same', grad: (g, _x, out) => where(out.le(0), 0, g) },
  leakyRelu: { node: 'LeakyReluBackward0', result: 'same', grad: (g, x, _o, slope) => where(x.gt(0), g, g.mul(slope)) },
  elu: {
    node: 'EluBackward0', result: 'same',
    grad: (g, x, _o, alpha) => where(x.le(0), g.mul(alpha).mul(x.exp()), g),
  },
  softplus: {
    node: 'SoftplusBackward0', result: 'same',
    grad: (g, x, _o, beta, threshold) => {
      const z = x.mul(beta);
      const e = z.exp();
      return where(z.gt(threshold), g, g.mul(e).div(e.add(1)));
    },
  },
  clamp: {
    node: 'ClampBackward1', result: 'same',
    grad: (g, x, _o, lo, hi) => where(x.ge(lo).logicalAnd(x.le(hi)), g, 0),
  },
  gelu: {
    node: 'GeluBackward0', result: 'same',
    grad: (g, x) => {
      const cdf = x.mul(Math.SQRT1_2).erf().add(1).mul(0.5);
      const pdf = x.mul(x).mul(-0.5).exp().mul(INV_SQRT_2PI);
      return g.mul(cdf.add(x.mul(pdf)));
    },
  },
  geluTanh: {
    node: 'GeluBackward0', result: 'same',
    grad: (g, x) => {
      const inner = x.add(x.pow(3).mul(0.044715)).mul(SQRT_2_PI);
      const t = inner.tanh();
      const dInner = x.mul(x).mul(3 * 0.044715).add(1).mul(SQRT_2_PI);
      const left = t.add(1).mul(0.5);
      const right = x.mul(0.5).mul(t.mul(t).neg().add(1)).mul(dInner);
      return g.mul(left.add(right));
    },
  },
  silu: {
    node: 'SiluBackward0', result: 'same',
    grad: (g, x) => {
      const s = x.sigmoid();
      return g.mul(s).mul(x.mul(s.neg().add(1)).add(1));
    },
  },
  erf: { node: 'ErfBackward0', result: 'float', grad: (g, x) => g.mul(x.mul(x).neg().exp().mul(2 / Math.sqrt(Math.PI))) },
  erfc: { node: 'ErfcBackward0', result: 'float', grad: (g, x) => g.mul(x.mul(x).neg().exp().mul(-2 / Math.sqrt(Math.PI))) },
  sign: { node: 'SignBackward0', result: 'same', grad: zeroGrad },
  floor: { node: 'FloorBackward0', result: 'same', grad: zeroGrad },
  ceil: { node: 'CeilBackward0', result: 'same', grad: zeroGrad },
  round: { node: 'RoundBackward0', result: 'same', grad: zeroGrad },
  trunc: { node: 'TruncBackward0', result: 'same', grad: zeroGrad },
  frac: { node: 'FracBackward0', result: 'same', grad: (g) => g },
  logicalNot: { node: '', result: 'bool', grad: null },
  isnan: { node: '', result: 'bool', grad: null },
  isfinite: { node: '', result: 'bool', grad: null },
  isinf: { node: '', result: 'bool', grad: null },
  signbit: { node: '', result: 'bool', grad: null },
};

/** Gradient formulas that need the input; the rest read only the output. */
const NEEDS_INPUT = new Set<UnaryOp>([
  'abs', 'log', 'log2', 'log10', 'log1p', 'square', 'sin', 'cos', 'asin', 'acos', 'atan', 'sinh', 'cosh',
  'asinh', 'acosh', 'atanh', 'leakyRelu', 'elu', 'softplus', 'clamp', 'gelu', 'geluTanh', 'silu', 'erf', 'erfc',
]);
const NEEDS_OUTPUT = new Set<UnaryOp>(['exp', 'exp2', 'expm1', 'sqrt', 'rsqrt', 'reciprocal', 'tan', 'tanh', 'sigmoid', 'relu']);

function resultDtype(def: UnaryDef, d: DType): DType {
  if (def.result === 'bool') return 'bool';
  if (def.result === 'float') return floatDtype(d);
  return d === 'bool' ? 'int32' : d;
}

/** 1 - y*y rounded once, as PyTorch's fused tanh backward: addcmul(1, y, y, value=-1). */
function oneMinusSquare(y: Tensor): Tensor {
  const one = alloc([], y.dtype);
  one.storage.data[0] = 1;
  return one.addcmul(y, y, { value: -1 });
}

/** Records op's node on `out`: edges from `x`, saving the input and/or output its rule reads. */
function attach(op: UnaryOp, out: Tensor, x: Tensor, xSaved: Tensor | null, outSaved: Tensor | null, p0: number, p1: number): void {
  const grad = DEFS[op].grad!;
  const saved = xSaved && outSaved ? [xSaved, outSaved] : xSaved ? [xSaved] : outSaved ? [outSaved] : [];
  const keepX = xSaved !== null;
  record(out, DEFS[op].node, [x], saved, null, (g, s) => {
    // The closure must not capture x or out: only what is saved stays alive.
    const xs = keepX ? s[0]! : g;
    const os = outSaved !== null ? s[keepX ? 1 : 0]! : g;
    return [grad(g, xs, os, p0, p1)];
  });
}

/** Applies a unary op with its gradient; p0/p1 carry parameters (slope, alpha, bounds). */
export function unary(op: UnaryOp, x: Tensor, p0 = 0, p1 = 0): Tensor {
  const def = DEFS[op];
  const out = alloc(x.shape.slice(), resultDtype(def, x.dtype));
  backend().unary(op, x, out.storage.data, p0, p1);
  if (def.grad !== null && needsGrad(x)) {
    attach(op, out, x, NEEDS_INPUT.has(op) ? x : null, NEEDS_OUTPUT.has(op) ? out : null, p0, p1);
  }
  return out;
}

/**
 * In-place form (relu_, clamp_, ...): computes, writes back, bumps the version. With autograd the
 * node's edge is self's old node; it saves a copy of the old values when its rule reads the
 * input, and self itself (at its new version) when it reads the output, as PyTorch does.
 */
export function unaryInplace(op: UnaryOp, self: Tensor, p0 = 0, p1 = 0): Tensor {
  const def = DEFS[op];
  checkInplace(self, self.shape, resultDtype(def, self.dtype));
  const track = def.grad !== null && needsGrad(self);
  if (track) refreshViewHistory(self);
  const before = track && NEEDS_INPUT.has(op) ? self.clone() : null;
  if (self.isContiguous()) {
    // The kernel reads x[i] before writing out[i], so it can write straight into self.
    const n = self.numel();
    backend().unary(op, self, self.storage.data.subarray(self.offset, self.offset + n), p0, p1);
    self.storage.version++;
  } else {
    const out = alloc(self.shape.slice(), self.dtype);
    backend().unary(op, self, out.storage.data, p0, p1);
    writeInto(self, out);
  }
  if (track) {
    attach(op, self, self, before, NEEDS_OUTPUT.has(op) ? self : null, p0, p1);
    rebaseViewHistory(self);
  }
  return self;
}
