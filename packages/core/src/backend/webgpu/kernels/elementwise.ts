/**
 * The elementwise kernels (unary, binary, where, fused): one thread per output element, every
 * operand strided and broadcast through the meta layout (layout.ts). Values are converted to the
 * compute type (f32 when the output or an input is float32, else i32), the op's WGSL runs
 * (elementwise-ops.ts), and the result is converted to out's type.
 */
import type { BinaryOp, FusedOp, UnaryOp, View } from '../../types';
import { Bindings, entry, run } from '../dispatch';
import { expandTo, f32Bits, offsetsWgsl, own, walkMeta } from '../layout';
import type { WgslType } from '../storage';
import { cast, zero } from './copy';
import { mathWgsl } from './math-wgsl';
import { BINARY_WGSL, FLOAT_OP_HELPERS, OP_HELPERS, UNARY_WGSL, type OpWgsl } from './elementwise-ops';

type Compute = 'f32' | 'i32';

function numel(v: View): number {
  return v.elements ?? v.shape.reduce((a, b) => a * b, 1);
}

/** A kernel scalar as meta holds it for the compute type (integers clamped, +-inf: the range ends). */
function param(v: number, c: Compute): number {
  if (c === 'f32') return f32Bits(v);
  if (Number.isNaN(v)) return 0;
  return Math.max(-2147483648, Math.min(2147483647, Math.trunc(v)));
}

function paramWgsl(j: number, c: Compute): string {
  return c === 'f32' ? `bitcast<f32>(prm[${1 + j}])` : `prm[${1 + j}]`;
}

/** The expression of a row for compute type c, or null when the row has no such form. */
function formOf(row: OpWgsl, c: Compute): string | null {
  return (c === 'f32' ? row.f : row.i) ?? null;
}

/** The result written to out: a predicate's bool, or a compute value, converted to out's type. */
function result(expr: string, pred: boolean, c: Compute, to: WgslType): string {
  if (pred) return `select(${zero(to)}, ${to === 'f32' ? '1.0' : to === 'i32' ? '1i' : '1u'}, ${expr})`;
  return cast(`(${expr})`, c, to);
}

function helpers(c: Compute, math: readonly string[] | undefined): string {
  if (c === 'f32') return mathWgsl([...(math ?? []), 'fmod_', 'isinf_', 'inf_']) + OP_HELPERS + FLOAT_OP_HELPERS;
  return OP_HELPERS;
}

function unsupported(op: string, c: Compute): never {
  throw new TypeError(`"${op}" not implemented for '${c === 'f32' ? 'Float' : 'Long'}' on webgpu`);
}

export function unaryKernel(op: UnaryOp, x: View, out: View, p0 = 0, p1 = 0): void {
  const n = numel(out);
  if (n === 0) return;
  const k = new Bindings();
  const xs = k.slot(x), os = k.slot(out);
  const tx = k.type(xs), to = k.type(os);
  let c: Compute = tx === 'f32' || to === 'f32' ? 'f32' : 'i32';
  const row = UNARY_WGSL[op];
  let expr = formOf(row, c);
  let pred = row.pred === true;
  if (op === 'bitwiseNot' && to === 'u32') [expr, pred] = ['v == 0i', true];
  if (expr === null && c === 'i32' && row.f !== undefined) [c, expr] = ['f32', row.f];
  if (expr === null) unsupported(op, c);
  const { meta, rank } = walkMeta(out.shape, [expandTo(x, out.shape), own(out)], [param(p0, c), param(p1, c)], false);
  const body = `${offsetsWgsl(rank, 2)}
  let v = ${cast(`b${xs}[o0]`, tx, c)};
  let p0 = ${paramWgsl(0, c)}; let p1 = ${paramWgsl(1, c)};
  b${os}[o1] = ${result(expr, pred, c, to)};`;
  run(`unary:${op}:${c}:${rank}:${xs}${os}`, () => helpers(c, row.math) + k.wgsl() + entry(body), k, meta, n);
}

/** pow's scalar exponents PyTorch's float kernel special-cases, as plain arithmetic. */
function powScalar(e: number): string | null {
  switch (e) {
    case 2: return 'a * a';
    case 3: return 'a * a * a';
    case -2: return '1.0 / (a * a)';
    case 0.5: return 'sqrt_(a)';
    case -0.5: return '1.0 / sqrt_(a)';
    case -1: return '1.0 / a';
    default: return null;
  }
}

export function binaryKernel(op: BinaryOp, a: View, b: View | number, out: View): void {
  const n = numel(out);
  if (n === 0) return;
  const k = new Bindings();
  const as = k.slot(a), bs = typeof b === 'number' ? -1 : k.slot(b), os = k.slot(out);
  const ta = k.type(as), tb = bs < 0 ? null : k.type(bs), to = k.type(os);
  const row = BINARY_WGSL[op];
  let c: Compute = ta === 'f32' || tb === 'f32' || to === 'f32' || (tb === null && !Number.isInteger(b)) ? 'f32' : 'i32';
  if (formOf(row, c) === null && c === 'i32' && row.f !== undefined) c = 'f32';
  let expr = formOf(row, c);
  if (expr === null) unsupported(op, c);
  let special = '';
  if (typeof b === 'number' && op === 'pow' && c === 'f32') {
    const s = powScalar(b);
    if (s !== null) [expr, special] = [s, `:e${b}`];
  }
  const walks = [expandTo(a, out.shape), ...(typeof b === 'number' ? [] : [expandTo(b, out.shape)]), own(out)];
  const { meta, rank } = walkMeta(out.shape, walks, typeof b === 'number' ? [param(b, c)] : [], false);
  const count = walks.length;
  const bExpr = typeof b === 'number' ? paramWgsl(0, c) : cast(`b${bs}[o1]`, tb!, c);
  const body = `${offsetsWgsl(rank, count)}
  let a = ${cast(`b${as}[o0]`, ta, c)};
  let b = ${bExpr};
  b${os}[o${count - 1}] = ${result(expr, row.pred === true, c, to)};`;
  const key = `binary:${op}${special}:${c}:${rank}:${as}${bs}${os}`;
  run(key, () => helpers(c, row.math) + k.wgsl() + entry(body), k, meta, n);
}

export function whereKernel(cond: View, a: View, b: View, out: View): void {
  const n = numel(out);
  if (n === 0) return;
  const k = new Bindings();
  const cs = k.slot(cond), as = k.slot(a), bs = k.slot(b), os = k.slot(out);
  const to = k.type(os);
  const { meta, rank } = walkMeta(out.shape, [cond, a, b].map((v) => expandTo(v, out.shape)).concat([own(out)]));
  const body = `${offsetsWgsl(rank, 4)}
  let c = b${cs}[o0] != ${zero(k.type(cs))};
  b${os}[o3] = select(${cast(`b${bs}[o2]`, k.type(bs), to)}, ${cast(`b${as}[o1]`, k.type(as), to)}, c);`;
  run(`where:${rank}:${cs}${as}${bs}${os}`, () => k.wgsl() + entry(body), k, meta, n);
}

const FUSED_F32: Record<FusedOp, string> = {
  addScaled: 'fma(b, s, a)',
  addcmul: 'fma(s * b, c, a)',
  addcdiv: 'a + (s * b) / c',
  lerp: 'select(fma(-(b - a), 1.0 - c, b), fma(c, b - a, a), abs(c) < 0.5)',
};
const FUSED_I32: Record<FusedOp, string | null> = {
  addScaled: 'a + s * b',
  addcmul: 'a + s * b * c',
  addcdiv: null,
  lerp: null,
};

export function fusedKernel(op: FusedOp, a: View, b: View, c: View | null, s: number, out: View): void {
  const n = numel(out);
  if (n === 0) return;
  const k = new Bindings();
  const as = k.slot(a), bs = k.slot(b), cs = c === null ? -1 : k.slot(c), os = k.slot(out);
  const to = k.type(os);
  const ct: Compute = to === 'f32' ? 'f32' : 'i32';
  const expr = ct === 'f32' ? FUSED_F32[op] : FUSED_I32[op];
  if (expr === null) unsupported(op, ct);
  const views = c === null ? [a, b] : [a, b, c];
  const walks = views.map((v) => expandTo(v, out.shape)).concat([own(out)]);
  const { meta, rank } = walkMeta(out.shape, walks, [param(s, ct)], false);
  const count = walks.length;
  // lerp's weight is c (a tensor) or the scalar s
  const cExpr = c === null ? 's' : cast(`b${cs}[o2]`, k.type(cs), ct);
  const body = `${offsetsWgsl(rank, count)}
  let a = ${cast(`b${as}[o0]`, k.type(as), ct)};
  let b = ${cast(`b${bs}[o1]`, k.type(bs), ct)};
  let s = ${paramWgsl(0, ct)};
  let c = ${cExpr};
  b${os}[o${count - 1}] = ${cast(`(${expr})`, ct, to)};`;
  run(`fused:${op}:${ct}:${rank}:${as}${bs}${cs}${os}`, () => k.wgsl() + entry(body), k, meta, n);
}
