/** Fixture decoding and comparisons shared by the nn tests. */
import { Tensor, autograd, enableGrad, gradcheck, type DType } from '@torchlet/core';

export interface TensorJson {
  shape: number[];
  /** A DType name (a string when the fixture comes from a JSON import). */
  dtype: string;
  data: (number | string)[];
}

const DTYPES: readonly string[] = ['float32', 'float64', 'int32', 'bool'];
function asDType(d: string): DType {
  if (!DTYPES.includes(d)) throw new Error(`fixture dtype ${d} is not a torchlet dtype`);
  return d as DType;
}

function num(v: number | string): number {
  if (typeof v === 'number') return v;
  return v === 'nan' ? NaN : v === 'inf' ? Infinity : -Infinity;
}

/** A fixture tensor (float32 values are exact doubles in the JSON). */
export function fromJson(j: TensorJson, as?: DType): Tensor {
  const dtype = as ?? asDType(j.dtype);
  const values = j.data.map(num);
  const data = dtype === 'float32' ? Float32Array.from(values) : dtype === 'float64' ? Float64Array.from(values)
    : dtype === 'int32' ? Int32Array.from(values) : Uint8Array.from(values);
  return Tensor.fromData(data, j.shape.slice(), dtype);
}

export function values(t: Tensor): number[] {
  return Array.from(t.contiguous().toTypedArray(), Number);
}

/** Same shape and values within rtol relative plus atol absolute (NaN matches NaN). */
export function expectClose(actual: Tensor, expected: TensorJson | Tensor, rtol = 1e-5, atol = 1e-6): void {
  const exp = expected instanceof Tensor ? expected : fromJson(expected);
  expect(actual.shape).toEqual(exp.shape);
  const a = values(actual), e = values(exp);
  const bad: string[] = [];
  for (let i = 0; i < e.length; i++) {
    const x = a[i]!, y = e[i]!;
    if (Number.isNaN(y) ? !Number.isNaN(x) : !(Math.abs(x - y) <= atol + rtol * Math.abs(y) || x === y)) {
      bad.push(`[${i}] ${x} vs ${y}`);
    }
  }
  if (bad.length > 0) throw new Error(`${bad.length} of ${e.length} values differ: ${bad.slice(0, 5).join(', ')}`);
}

/** Same shape and bit-identical values. */
export function expectExact(actual: Tensor, expected: TensorJson | Tensor): void {
  const exp = expected instanceof Tensor ? expected : fromJson(expected);
  expect(actual.shape).toEqual(exp.shape);
  expect(values(actual)).toEqual(values(exp));
}

/** snake_case keys of a Python kwargs dict as the camelCase options torchlet takes. */
export function camel<T extends Record<string, unknown>>(kwargs: T): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(kwargs)) out[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  return out;
}

/**
 * float64 gradcheck of fn, and with `secondOrder` also of its vector-Jacobian product (double
 * backward through createGraph) against fixed probe weights.
 */
export function float64Gradcheck(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[], secondOrder = false): void {
  expect(gradcheck(fn, inputs, { atol: 1e-5, rtol: 1e-3 })).toBe(true);
  if (!secondOrder) return;
  const probe = (t: Tensor, k: number): Tensor => {
    const n = t.numel();
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = Math.sin(1.7 * i + k) + 0.3;
    return Tensor.fromData(v, t.shape.slice(), 'float64');
  };
  const diff = inputs.filter((t) => t.requiresGrad);
  const vjp = (...xs: Tensor[]): Tensor => enableGrad(() => {
    const out = fn(...xs);
    const used = xs.filter((t) => t.requiresGrad);
    const gs = autograd.grad([out], used, { gradOutputs: [probe(out, 0)], createGraph: true, allowUnused: true });
    // 0 * sum(x) keeps the result in the graph when the gradient does not depend on x (linear fn).
    let s = used.map((t) => t.sum().mul(0)).reduce((a, b) => a.add(b));
    gs.forEach((g, i) => {
      if (g !== null) s = s.add(g.mul(probe(g, i + 1)).sum());
    });
    return s;
  });
  expect(diff.length).toBeGreaterThan(0);
  expect(gradcheck(vjp, inputs, { atol: 1e-4, rtol: 1e-3 })).toBe(true);
}

/** Safetensors bytes with the given header JSON text and data section (for malformed-file tests). */
export function craftSafetensors(json: string, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const h = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}
