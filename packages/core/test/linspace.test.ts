/**
 * linspace against PyTorch (fixtures/core-linspace.json from tools/parity/core_stats_extra.py):
 * real torch output where 1.13 runs its scalar kernel, PyTorch 2.x's kernel composed in the
 * script for longer outputs (1.13's vectorised integer chunks depended on the CPU). Bit for bit.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as T from '@torchlet/core';
import type { DType } from '@torchlet/core';
import { bitEqual } from './core-ops-fixture';

interface LinspaceCase { start: number | string; end: number | string; steps: number; dtype: DType; source: string; values: (number | string)[] }
const FIXTURE = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'core-linspace.json'), 'utf8')) as {
  linspace: LinspaceCase[];
  linspaceErrors: Record<string, string>;
  arange: { start: number; end: number; step: number; dtype: DType; values: number[] }[];
};
const toNum = (v: number | string): number => (v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v === 'nan' ? NaN : Number(v));

describe('linspace', () => {
  it('has real torch 1.13 cases, short and long, for every dtype', () => {
    for (const dtype of ['int32', 'float32', 'float64']) {
      expect(FIXTURE.linspace.some((c) => c.dtype === dtype && c.source === 'torch' && c.steps >= 32)).toBe(true);
    }
  });

  it.each(FIXTURE.linspace.map((c) => [`${c.source} ${c.dtype} ${String(c.start)} -> ${String(c.end)} x${c.steps}`, c] as const))('%s', (_n, c) => {
    const t = T.linspace(toNum(c.start), toNum(c.end), c.steps, { dtype: c.dtype });
    expect(t.shape).toEqual([c.steps]);
    expect(t.dtype).toBe(c.dtype);
    expect(bitEqual(t.toTypedArray(), c.values, c.dtype)).toBeNull();
  });

  it('int32 5 -> -5 in 20 steps (the issue\'s case) is torch 1.13\'s int32 output', () => {
    // 1.13's AVX2 int32 kernel: two 8-lane vectors, each base + k * step truncated, then the tail.
    // (PyTorch 2.x computes each element alone and gives 0, 0 at indices 10-11.)
    expect(T.linspace(5, -5, 20, { dtype: 'int32' }).tolist()).toEqual([5, 4, 3, 3, 2, 2, 1, 1, 0, 0, -1, -1, -2, -2, -3, -3, -3, -3, -4, -5]);
  });

  it('regression: integer ends truncate before the step is taken', () => {
    // torch.linspace(0.5, 9.7, 5, dtype=torch.int64): the step is (9 - 0) / 4, not 9.2 / 4.
    expect(T.linspace(0.5, 9.7, 5, { dtype: 'int32' }).tolist()).toEqual([0, 2, 4, 6, 9]);
    expect(T.linspace(2.7, 9.3, 1, { dtype: 'int32' }).tolist()).toEqual([2]);
  });

  it('regression: float32 steps are float32 arithmetic with one rounding per value', () => {
    const c = FIXTURE.linspace.find((k) => k.dtype === 'float32' && k.start === -892 && k.end === 457)!;
    expect(bitEqual(T.linspace(-892, 457, 7).toTypedArray(), c.values, 'float32')).toBeNull();
  });

  it('raises PyTorch errors', () => {
    const e = FIXTURE.linspaceErrors;
    expect(() => T.linspace(0, 1, 5, { dtype: 'bool' })).toThrow(e.bool);
    expect(() => T.linspace(0, 1, -1)).toThrow(e.negative);
    expect(() => T.linspace(3e9, 1, 3, { dtype: 'int32' })).toThrow(e.int_overflow);
    expect(() => T.linspace(1e39, 1, 3, { dtype: 'float32' })).toThrow(e.float_overflow);
  });

  it('requiresGrad and default dtype', () => {
    const t = T.linspace(0, 1, 3, { requiresGrad: true });
    expect(t.requiresGrad).toBe(true);
    expect(t.dtype).toBe('float32');
  });
});

describe('arange', () => {
  it.each(FIXTURE.arange.map((c) => [`${c.dtype} ${c.start} -> ${c.end} by ${c.step}`, c] as const))('%s', (_n, c) => {
    const t = T.arange(c.start, c.end, c.step, { dtype: c.dtype });
    expect(t.dtype).toBe(c.dtype);
    expect(bitEqual(t.toTypedArray(), c.values, c.dtype)).toBeNull();
  });

  it('regression: a float32 vector run starts from its first value rounded to float32', () => {
    // torch.arange(21.12, 57.92, 0.8)[2] is 22.720001220703125 (was 22.719999313354492 here).
    expect(T.arange(21.12, 57.92, 0.8).toTypedArray()[2]).toBe(22.720001220703125);
  });

  it('integer dtypes truncate start and step first', () => {
    expect(T.arange(-2.5, 3.2, 1.3, { dtype: 'int32' }).tolist()).toEqual([-2, -1, 0, 1, 2]);
    expect(() => T.arange(0.5, 3, 0.5, { dtype: 'int32' })).toThrow('step must be nonzero');
  });
});
