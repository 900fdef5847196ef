/**
 * Shared by the indexing/join/sort/views tests: loads the fixtures of
 * tools/parity/core_indexing.py, rebuilds their inputs (including non-contiguous views), runs
 * the named op and compares outputs and gradients with PyTorch's.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import {
  Tensor, tensor, cat, stack, hstack, vstack, slice, type DType, type IndexItem, type NestedArray,
} from '@torchlet/core';

export type Json = number | string | boolean | null | Json[] | { [k: string]: Json };
type Num = number | string;

export interface InputSpec {
  data: Num[];
  shape: number[];
  dtype: DType;
  view: { kind: string; dims?: number[]; dim?: number; step?: number; shape?: number[] } | null;
}
export interface OutputSpec { data: Num[]; shape: number[]; dtype: DType; strides?: number[]; shares?: boolean; gradOut?: Num[] }
export interface OpCase {
  name: string;
  op: string;
  inputs: InputSpec[];
  args: { [k: string]: Json };
  outputs: OutputSpec[];
  grads?: (Num[] | null)[];
  gradFn?: string | null;
}
export interface ErrorCase { name: string; op: string; inputs: InputSpec[]; args: { [k: string]: Json }; error: string; type: string }

export function loadFixture<T>(name: string): T[] {
  return JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8')) as T[];
}

export function num(v: Num): number {
  if (typeof v === 'number') return v;
  return v === 'nan' ? NaN : v === 'inf' ? Infinity : -Infinity;
}

/** The base tensor (a leaf that requires grad when floating) and the view the op receives. */
export function buildInput(s: InputSpec, requiresGrad = true): { base: Tensor; x: Tensor } {
  const values = s.data.map(num);
  const base = tensor(values, { dtype: s.dtype }).reshape(s.shape);
  const leaf = base.isContiguous() ? base.detach() : base;
  if (requiresGrad && (s.dtype === 'float32' || s.dtype === 'float64')) leaf.requiresGrad_(true);
  const v = s.view;
  if (v === null) return { base: leaf, x: leaf };
  switch (v.kind) {
    case 'T': return { base: leaf, x: leaf.t() };
    case 'permute': return { base: leaf, x: leaf.permute(v.dims!) };
    case 'stride': {
      const items: IndexItem[] = [];
      for (let i = 0; i < v.dim!; i++) items.push(':');
      items.push(slice(null, null, v.step));
      return { base: leaf, x: leaf.index(...items) };
    }
    case 'expand': return { base: leaf, x: leaf.expand(v.shape!) };
    default: throw new Error(`unknown view ${v.kind}`);
  }
}

const n = (a: { [k: string]: Json }, k: string): number => a[k] as number;
const ns = (a: { [k: string]: Json }, k: string): number[] => a[k] as number[];

function indexItems(items: Json[], xs: readonly Tensor[]): IndexItem[] {
  return items.map((it): IndexItem => {
    if (it === null || typeof it === 'number') return it;
    if (it === '...') return '...';
    if (typeof it === 'object' && !Array.isArray(it)) {
      if ('slice' in it) {
        const [a, b, c] = it.slice as (number | null)[];
        return slice(a ?? null, b ?? null, c ?? null);
      }
      if ('tensor' in it) return xs[it.tensor as number]!;
    }
    throw new Error(`bad index item ${JSON.stringify(it)}`);
  });
}

/** Runs one fixture op; every result is a list of tensors. */
export function runOp(op: string, xs: readonly Tensor[], a: { [k: string]: Json }): Tensor[] {
  const x = xs[0]!;
  const one = (t: Tensor): Tensor[] => [t];
  switch (op) {
    case 'gather': return one(x.gather(n(a, 'dim'), xs[1]!));
    case 'scatter': return one(x.scatter(n(a, 'dim'), xs[1]!, xs.length > 2 ? xs[2]! : n(a, 'value')));
    case 'scatterWithReduce': return one(x.scatter(n(a, 'dim'), xs[1]!, xs[2]!, { reduce: a.reduce as 'add' | 'multiply' }));
    case 'scatterReduce': {
      const mode = a.reduce as 'sum' | 'prod' | 'mean' | 'amax' | 'amin';
      return one(x.scatterReduce(n(a, 'dim'), xs[1]!, xs[2]!, mode, { includeSelf: a.includeSelf !== false }));
    }
    case 'scatterAdd': return one(x.scatterAdd(n(a, 'dim'), xs[1]!, xs[2]!));
    case 'indexSelect': return one(x.indexSelect(n(a, 'dim'), xs[1]!));
    case 'indexAdd': return one(x.indexAdd(n(a, 'dim'), xs[1]!, xs[2]!, { alpha: (a.alpha as number | undefined) ?? 1 }));
    case 'maskedFill': return one(x.maskedFill(xs[1]!, xs.length > 2 ? xs[2]! : num(a.value as Num)));
    case 'maskedSelect': return one(x.maskedSelect(xs[1]!));
    case 'maskedScatter': return one(x.maskedScatter(xs[1]!, xs[2]!));
    case 'cat': return one(cat(xs, n(a, 'dim')));
    case 'stack': return one(stack(xs, n(a, 'dim')));
    case 'hstack': return one(hstack(xs));
    case 'vstack': return one(vstack(xs));
    case 'sort': return [...x.sort(n(a, 'dim'), { descending: a.descending === true })];
    case 'argsort': return one(x.argsort(n(a, 'dim'), { descending: a.descending === true }));
    case 'topk': return [...x.topk(n(a, 'k'), n(a, 'dim'), { largest: a.largest !== false })];
    case 'kthvalue': return [...x.kthvalue(n(a, 'k'), n(a, 'dim'), { keepdim: a.keepdim === true })];
    case 'cumsum': return one(x.cumsum(n(a, 'dim')));
    case 'cumprod': return one(x.cumprod(n(a, 'dim')));
    case 'cummax': return [...x.cummax(n(a, 'dim'))];
    case 'cummin': return [...x.cummin(n(a, 'dim'))];
    case 'flip': return one(x.flip(ns(a, 'dims')));
    case 'roll': return one(x.roll(a.shifts as number | number[], a.dims as number | number[] | undefined));
    case 'repeat': return one(x.repeat(ns(a, 'sizes')));
    case 'tile': return one(x.tile(ns(a, 'sizes')));
    case 'tril': return one(x.tril((a.diagonal as number | undefined) ?? 0));
    case 'triu': return one(x.triu((a.diagonal as number | undefined) ?? 0));
    case 'nonzero': return one(x.nonzero());
    case 'index': return one(x.index(...indexItems(a.items as Json[], xs)));
    case 'setIndex': {
      const y = x.clone();
      const value = typeof a.valueInput === 'number' ? xs[a.valueInput]! : num(a.value as Num);
      return one(y.setIndex(indexItems(a.items as Json[], xs), value));
    }
    case 'split': return x.split(a.size as number | number[], n(a, 'dim'));
    case 'chunk': return x.chunk(n(a, 'chunks'), n(a, 'dim'));
    case 'unbind': return x.unbind(n(a, 'dim'));
    case 'reshape': return one(x.reshape(ns(a, 'shape')));
    case 'view': return one(x.view(ns(a, 'shape')));
    case 'transpose': return one(x.transpose(n(a, 'dim0'), n(a, 'dim1')));
    case 'permute': return one(x.permute(ns(a, 'dims')));
    case 'T': return one(x.T);
    case 't': return one(x.t());
    case 'squeeze': return one(a.dim === undefined ? x.squeeze() : x.squeeze(n(a, 'dim')));
    case 'unsqueeze': return one(x.unsqueeze(n(a, 'dim')));
    case 'expand': return one(x.expand(ns(a, 'sizes')));
    case 'flatten': return one(x.flatten((a.start as number | undefined) ?? 0, (a.end as number | undefined) ?? -1));
    case 'unflatten': return one(x.unflatten(n(a, 'dim'), ns(a, 'sizes')));
    case 'narrow': return one(x.narrow(n(a, 'dim'), n(a, 'start'), n(a, 'length')));
    case 'select': return one(x.select(n(a, 'dim'), n(a, 'index')));
    case 'movedim': return one(x.movedim(n(a, 'source'), n(a, 'destination')));
    default: throw new Error(`unknown op ${op}`);
  }
}

/** float32 to 1e-5 relative plus a tiny absolute term; everything else exactly. NaN matches NaN. */
export function expectClose(actual: ArrayLike<number>, expected: readonly Num[], dtype: DType, what: string): void {
  expect(actual.length).toBe(expected.length);
  const rtol = dtype === 'float32' ? 1e-5 : dtype === 'float64' ? 1e-12 : 0;
  const atol = dtype === 'float32' ? 1e-6 : dtype === 'float64' ? 1e-12 : 0;
  for (let i = 0; i < expected.length; i++) {
    const e = num(expected[i]!), v = actual[i]!;
    if (Number.isNaN(e)) { if (!Number.isNaN(v)) throw new Error(`${what}[${i}]: expected NaN, got ${v}`); continue; }
    if (e === v) continue;
    if (!(Math.abs(v - e) <= atol + rtol * Math.abs(e))) throw new Error(`${what}[${i}]: expected ${e}, got ${v}`);
  }
}

export function values(t: Tensor): number[] {
  return Array.from(t.toTypedArray());
}

/** Runs a fixture case: outputs, then gradients of sum(out_k * w_k) on the base leaves. */
export function checkCase(c: OpCase): void {
  const built = c.inputs.map((s) => buildInput(s));
  const outs = runOp(c.op, built.map((b) => b.x), c.args);
  expect(outs.length).toBe(c.outputs.length);
  let loss: Tensor | null = null;
  outs.forEach((o, k) => {
    const e = c.outputs[k]!;
    expect(o.shape).toEqual(e.shape);
    expect(o.dtype).toBe(e.dtype);
    expectClose(values(o), e.data, e.dtype, `${c.name} output ${k}`);
    if (e.strides !== undefined && e.shares === true) {
      expect(o.stride()).toEqual(e.strides);
      expect(o.storage).toBe(built[0]!.base.storage);
    }
    if (e.gradOut !== undefined && o.requiresGrad) {
      const w = tensor(e.gradOut.map(num), { dtype: o.dtype }).reshape(o.shape);
      const term = o.mul(w).sum();
      loss = loss === null ? term : loss.add(term);
    }
  });
  if (c.grads === undefined || loss === null) return;
  (loss as Tensor).backward();
  c.grads.forEach((g, i) => {
    if (g === null) return;
    const base = built[i]!.base;
    expect(base.grad).not.toBeNull();
    expectClose(values(base.grad!), g, base.dtype, `${c.name} grad ${i}`);
  });
}

/** Runs an error case on detached inputs and returns the thrown message. */
export function errorOf(c: ErrorCase): string {
  const xs = c.inputs.map((s) => buildInput(s, false).x);
  try {
    runOp(c.op, xs, c.args);
  } catch (e) {
    return (e as Error).message;
  }
  return '(no error)';
}

export type { NestedArray };
