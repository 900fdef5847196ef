/**
 * Every op row's promised forms exist and agree: the torch function, the Tensor method and the
 * in-place forms a row declares (ops/unary.ts, ops/binary.ts), and a kernel on every backend
 * for every shared op code. A row that promises a form nobody generated or wrote fails here.
 */
import * as torch from '@torchlet/core';
import { Tensor, backendNames, type DType } from '@torchlet/core';
import { getBackend } from '@torchlet/core/backend';
import { UNARY, type UnaryRow } from '../src/ops/unary';
import { BINARY, type BinaryRow } from '../src/ops/binary';
import { BINARY_OPS, UNARY_OPS } from '../src/backend/types';

type Fn = (...args: unknown[]) => Tensor;
/** A function of the namespace or a method of Tensor by name, callable with any arguments. */
function lookup(owner: object, name: string): Fn | undefined {
  const f: unknown = Reflect.get(owner, name);
  if (typeof f !== 'function') return undefined;
  return function (this: unknown, ...args: unknown[]): Tensor {
    const r: unknown = Reflect.apply(f, this, args);
    if (!(r instanceof Tensor)) throw new Error(`${name} returned no tensor`);
    return r;
  };
}
const api = new Proxy({}, { get: (_t, k: string) => lookup(torch, k) }) as Record<string, Fn | undefined>;
const proto = new Proxy({}, { get: (_t, k: string) => lookup(Tensor.prototype, k) }) as Record<string, Fn | undefined>;

/** Public name of a row: gelu's tanh form is reached through gelu({approximate: 'tanh'}). */
const PUBLIC: Record<string, string> = { geluTanh: 'gelu' };

function sameValues(a: Tensor, b: Tensor): void {
  expect(a.dtype).toBe(b.dtype);
  expect(a.shape).toEqual(b.shape);
  expect(Array.from(a.toTypedArray())).toEqual(Array.from(b.toTypedArray()));
}

/** Inputs inside every op's domain where it matters (acosh >= 1 gives NaN below: still equal). */
const x = torch.tensor([[0.25, -0.5, 1.5], [2, -3, 0.75]]);
const y = torch.tensor([[1.5, 2, -0.5], [0.25, 3, -1]]);

const unaryRows = Object.entries(UNARY) as [string, UnaryRow][];
const binaryRows = Object.entries(BINARY) as [string, BinaryRow][];

describe('unary rows', () => {
  test('one row per shared op code, none without a code', () => {
    expect(new Set(Object.keys(UNARY))).toEqual(new Set(UNARY_OPS));
  });
  test.each(unaryRows.filter(([, r]) => r.api === 'generated'))('%s: torch function, method and in-place forms agree', (name, row) => {
    const fn = api[name], method = proto[name];
    expect(typeof fn).toBe('function');
    expect(typeof method).toBe('function');
    const viaFn = fn!(x);
    sameValues(method!.call(x), viaFn);
    if (row.inplace) {
      const fnInplace = api[`${name}_`], methodInplace = proto[`${name}_`];
      expect(typeof fnInplace).toBe('function');
      expect(typeof methodInplace).toBe('function');
      const a = x.clone(), b = x.clone();
      expect(methodInplace!.call(a)).toBe(a);
      expect(fnInplace!(b)).toBe(b);
      sameValues(a, viaFn);
      sameValues(b, viaFn);
    } else {
      expect(proto[`${name}_`]).toBeUndefined();
    }
  });
  test.each(unaryRows.filter(([, r]) => r.api === 'custom'))('%s: hand-written forms exist', (name, row) => {
    const pub = PUBLIC[name] ?? name;
    expect(typeof api[pub]).toBe('function');
    expect(typeof proto[pub]).toBe('function');
    if (row.inplace) {
      expect(typeof api[`${pub}_`]).toBe('function');
      expect(typeof proto[`${pub}_`]).toBe('function');
    }
  });
  test.each(unaryRows.filter(([, r]) => r.grad !== null && r.result !== 'bool'))('%s: has a node name', (_name, row) => {
    expect(row.node).toMatch(/Backward\d$/);
  });
});

describe('in-place forms under autograd give the out-of-place gradient', () => {
  const x0 = torch.tensor([[0.25, -0.5, 1.5], [2, -3, 0.75]], { dtype: 'float64' });
  const other = torch.tensor([[1.5, 2, -0.5], [0.25, 3, -1]], { dtype: 'float64' });
  function gradOf(f: (x: Tensor) => Tensor): number[] {
    const x = x0.clone().requiresGrad_();
    f(x).mul(torch.arange(6, { dtype: 'float64' }).reshape([2, 3])).sum().backward();
    return Array.from(x.grad!.toTypedArray());
  }
  test.each(unaryRows.filter(([, r]) => r.api === 'generated' && r.inplace && r.grad !== null))('%s_', (name) => {
    const expected = gradOf((x) => proto[name]!.call(x));
    expect(gradOf((x) => proto[`${name}_`]!.call(x.mul(1)))).toEqual(expected);
  });
  test.each(binaryRows.filter(([, r]) => r.api === 'generated' && r.inplace && r.grad !== null))('%s_', (name) => {
    const expected = gradOf((x) => proto[name]!.call(x, other));
    expect(gradOf((x) => proto[`${name}_`]!.call(x.mul(1), other))).toEqual(expected);
  });
});

describe('binary rows', () => {
  test('one row per shared op code', () => {
    expect(new Set(Object.keys(BINARY))).toEqual(new Set(BINARY_OPS));
  });
  test.each(binaryRows.filter(([, r]) => r.api === 'generated'))('%s: torch function, method and in-place forms agree', (name, row) => {
    const fn = api[name], method = proto[name];
    expect(typeof fn).toBe('function');
    expect(typeof method).toBe('function');
    const viaFn = fn!(x, y);
    sameValues(method!.call(x, y), viaFn);
    if (row.scalarB) sameValues(method!.call(x, 2), fn!(x, torch.tensor(2)));
    else expect(() => method!.call(x, 2)).toThrow(/must be Tensor, not int/);
    if (row.inplace) {
      const a = x.clone(), b = x.clone();
      expect(proto[`${name}_`]!.call(a, y)).toBe(a);
      expect(api[`${name}_`]!(b, y)).toBe(b);
      sameValues(a, viaFn);
      sameValues(b, viaFn);
    } else {
      expect(proto[`${name}_`]).toBeUndefined();
    }
  });
  test.each(binaryRows.filter(([, r]) => r.api === 'custom'))('%s: hand-written forms exist', (name, row) => {
    expect(typeof api[name]).toBe('function');
    expect(typeof proto[name]).toBe('function');
    if (row.inplace) expect(typeof proto[`${name}_`]).toBe('function');
  });
});

describe('every backend has a kernel for every shared op code', () => {
  const dtypes: DType[] = ['float32', 'float64', 'int32'];
  test.each(backendNames())('%s', (name) => {
    const b = getBackend(name);
    for (const dtype of dtypes) {
      const a = x.mul(3).to(dtype), c = y.mul(3).to(dtype);
      for (const op of UNARY_OPS) {
        const out = torch.zeros([2, 3], { dtype: UNARY[op].result === 'bool' ? 'bool' : dtype });
        expect(() => b.unary(op, a, out, 0.5, 2)).not.toThrow();
      }
      for (const op of BINARY_OPS) {
        const out = torch.zeros([2, 3], { dtype: BINARY[op].result === 'bool' ? 'bool' : dtype });
        expect(() => b.binary(op, a, c, out)).not.toThrow();
      }
    }
  });
});
