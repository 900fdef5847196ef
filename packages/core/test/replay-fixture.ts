/**
 * Replays fixtures written by tools/parity/core_fixture_run.py: builds each case's inputs with
 * their views, runs the torchlet op, and checks the outputs (or PyTorch's error message) and the
 * gradients of (out * w).sum() against PyTorch's.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as T from '@torchlet/core';
import type { DType, Tensor } from '@torchlet/core';
import { buildInput, closeTo, type InputSpec, type OutSpec } from './core-ops-fixture';

type Num = number | boolean | string;

export interface ReplayCase {
  op: string;
  args: Record<string, unknown>;
  inputs: InputSpec[];
  out?: OutSpec[];
  error?: string;
  w?: Num[];
  grads?: (Num[] | null)[];
  gradFn?: string;
}

export type ReplayOp = (x: Tensor[], a: Record<string, unknown>) => Tensor | Iterable<Tensor>;

export function loadCases(file: string): ReplayCase[] {
  return (JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', file), 'utf8')) as { cases: ReplayCase[] }).cases;
}

function typedOf(dtype: DType, vals: Num[]): T.TypedArray {
  const n = vals.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number(v)));
  switch (dtype) {
    case 'float32': return Float32Array.from(n);
    case 'float64': case 'int64': return Float64Array.from(n);
    case 'int32': return Int32Array.from(n);
    case 'bool': return Uint8Array.from(n);
    case 'float16': case 'bfloat16': case 'uint8': case 'int8': case 'int16': throw new Error(`no ${dtype} cases in these fixtures`);
  }
}

function label(c: ReplayCase): string {
  const shapes = c.inputs.map((s) => `[${s.shape.join(',')}]${s.view.length ? '*' : ''}${s.dtype === 'float32' ? '' : s.dtype}`).join(' ');
  return `${c.op} ${shapes} ${JSON.stringify(c.args)}${c.error === undefined ? '' : ' (error)'}`;
}

/** One jest test per case; `tol` is the relative tolerance (float64 cases use 1e-10 unless looser). */
export function replayCases(cases: readonly ReplayCase[], ops: Record<string, ReplayOp>, tol = 1e-5): void {
  it.each(cases.map((c) => [label(c), c] as const))('%s', (_name, c) => {
    const built = c.inputs.map(buildInput);
    const args = Object.fromEntries(Object.entries(c.args).map(([k, v]) => [k, v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v]));
    const op = ops[c.op];
    if (op === undefined) throw new Error(`no op ${c.op}`);
    if (c.error !== undefined) {
      expect(() => op(built.map(([, x]) => x), args)).toThrow(c.error);
      return;
    }
    const result = op(built.map(([, x]) => x), args);
    const outs = result instanceof T.Tensor ? [result] : [...result];
    expect(outs.length).toBe(c.out!.length);
    outs.forEach((o, k) => {
      const exp = c.out![k]!;
      expect(o.shape).toEqual(exp.shape);
      expect(o.dtype).toBe(exp.dtype);
      const rtol = exp.dtype === 'float64' ? Math.min(tol, 1e-10) : tol;
      expect(closeTo(o.toTypedArray(), exp.data, rtol, rtol / 10)).toBeNull();
    });
    if (c.grads && c.w) {
      const first = outs[0]!;
      if (c.gradFn !== undefined) expect(first.gradFn?.name).toBe(c.gradFn);
      const w = T.Tensor.fromData(typedOf(first.dtype, c.w), first.shape.slice(), first.dtype);
      first.mul(w).sum().backward();
      c.grads.forEach((g, i) => {
        const [base] = built[i]!;
        if (g === null) return;
        expect(base.grad).not.toBeNull();
        expect(base.grad!.shape).toEqual(base.shape);
        const rtol = base.dtype === 'float64' ? Math.min(tol, 1e-10) : tol;
        expect(closeTo(base.grad!.toTypedArray(), g, rtol, rtol / 10)).toBeNull();
      });
    }
  });
}
