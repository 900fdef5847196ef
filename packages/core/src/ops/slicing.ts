/**
 * Python-style indexing. `x.index(1, slice(0, 3), '...', null)` is PyTorch's `x[1, 0:3, ..., None]`:
 * integers select (and drop the dim), slices and None give views, int32/bool tensors gather a
 * copy (advanced indexing). `x.setIndex(items, value)` is `x[items] = value`, in place.
 */
import { checkedCast } from '../dtype';
import { backendOf } from '../backend/index';
import { needsGrad } from '../autograd/record';
import { broadcastShapes, fmtShape, numelOf } from '../shape';
import { Tensor } from '../tensor';
import { alloc, checkInplace, fromHost, writeInto } from './util';
import { copyInto, permute, reshape, select, slice as sliceView, unsqueeze, view } from './views';
import { indexSelect, scatter, scatterAdd } from './indexing';
import { nonzero } from './reorder';
import { inplaceVia } from './inplace';
import { where } from './binary';
import { indexInt32 } from './index-dtype';

/** A Python slice `start:stop:step`; null takes the default (whole range, step 1). */
export class Slice {
  /**
   * @param start - The first index (null: the start; negative counts from the end).
   * @param stop - One past the last index (null: the end).
   * @param step - The stride, positive (null: 1).
   */
  constructor(readonly start: number | null = null, readonly stop: number | null = null, readonly step: number | null = null) {}
  /** Python's slice notation: '1:3', '::2'. */
  toString(): string {
    return `${this.start ?? ''}:${this.stop ?? ''}${this.step === null ? '' : `:${this.step}`}`;
  }
}

/**
 * A slice object like Python's: `slice(stop)`, `slice(start, stop)` or `slice(start, stop, step)`;
 * negative bounds count from the end, out-of-range bounds clamp, step must be positive.
 * @example x.index(slice(1, 3)) // x[1:3]
 */
export function slice(stop?: number | null): Slice;
export function slice(start: number | null, stop: number | null, step?: number | null): Slice;
export function slice(a?: number | null, b?: number | null, c?: number | null): Slice {
  return b === undefined ? new Slice(null, a ?? null, null) : new Slice(a ?? null, b, c ?? null);
}

/**
 * One index item: an integer (selects, dropping the dim), a Slice or a slice string ('1:3', ':',
 * '::2', '-1:'), '...' (Ellipsis), null or 'None' (a new dim of size 1), or an int32/bool tensor.
 */
export type IndexItem = number | Slice | string | null | Tensor;

type Item =
  | { kind: 'int'; i: number }
  | { kind: 'slice'; s: Slice }
  | { kind: 'new' }
  | { kind: 'ellipsis' }
  | { kind: 'tensor'; t: Tensor };

const SLICE_RE = /^(-?\d+)?:(-?\d+)?(?::(-?\d+)?)?$/;

function parseString(s: string): Item[] {
  if (s.includes(',')) return s.split(',').flatMap((p) => parseString(p));
  const t = s.replace(/\s+/g, '');
  if (t === '...') return [{ kind: 'ellipsis' }];
  if (t === 'None') return [{ kind: 'new' }];
  if (/^-?\d+$/.test(t)) return [{ kind: 'int', i: Number(t) }];
  const m = SLICE_RE.exec(t);
  if (m === null) throw new TypeError(`invalid index '${s}': expected an integer, a slice like '1:3' or '::2', '...' or 'None'`);
  const num = (v: string | undefined): number | null => (v === undefined ? null : Number(v));
  return [{ kind: 'slice', s: new Slice(num(m[1]), num(m[2]), num(m[3])) }];
}

function normalize(items: readonly IndexItem[]): Item[] {
  const out: Item[] = [];
  for (const it of items) {
    if (it === null) out.push({ kind: 'new' });
    else if (typeof it === 'number') {
      if (!Number.isInteger(it)) {
        throw new TypeError('only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got float)');
      }
      out.push({ kind: 'int', i: it });
    } else if (typeof it === 'string') out.push(...parseString(it));
    else if (it instanceof Slice) out.push({ kind: 'slice', s: it });
    else if (it.dtype === 'uint8') out.push({ kind: 'tensor', t: it.ne(0) }); // a byte index is a mask, as PyTorch's (deprecated) uint8 indexing
    else {
      if (it.dtype !== 'int32' && it.dtype !== 'int64' && it.dtype !== 'bool') throw new TypeError('tensors used as indices must be long, byte or bool tensors');
      out.push({ kind: 'tensor', t: indexInt32(it) });
    }
  }
  return out;
}

/** Dims of x that an item uses up (None and '...' use none; a bool mask uses its own ndim). */
function consumed(it: Item): number {
  if (it.kind === 'int' || it.kind === 'slice') return 1;
  if (it.kind === 'tensor') return it.t.dtype === 'bool' ? it.t.shape.length : 1;
  return 0;
}

interface Advanced { dim: number; idx: Tensor }

function applyIndex(x: Tensor, items: readonly Item[]): Tensor {
  const nd = x.shape.length;
  let used = 0, ellipses = 0;
  for (const it of items) {
    used += consumed(it);
    if (it.kind === 'ellipsis') ellipses++;
  }
  if (ellipses > 1) throw new RangeError("an index can only have a single ellipsis ('...')");
  if (used > nd) throw new RangeError(`too many indices for tensor of dimension ${nd}`);
  let cur = x, d = 0, realDim = 0;
  const adv: Advanced[] = [];
  for (const it of items) {
    switch (it.kind) {
      case 'ellipsis': d += nd - used; realDim += nd - used; break;
      case 'new': cur = unsqueeze(cur, d); d++; realDim++; break;
      case 'int': {
        const n = cur.shape[d]!;
        if (it.i < -n || it.i >= n) throw new RangeError(`index ${it.i} is out of bounds for dimension ${realDim} with size ${n}`);
        cur = select(cur, d, it.i);
        realDim++;
        break;
      }
      case 'slice': cur = applySlice(cur, d, it.s); d++; realDim++; break;
      case 'tensor': {
        const t = it.t;
        if (t.dtype === 'int32') { adv.push({ dim: d, idx: t }); d++; realDim++; break; }
        if (t.shape.length === 0) {
          // A 0-dim bool adds a dim of size 1 (true) or 0 (false), like x[True].
          cur = unsqueeze(cur, d);
          if (t.storage.device !== 'cpu') throw maskOnDevice(t);
          if (t.toTypedArray()[0] === 0) cur = sliceView(cur, d, 0, 0);
          d++;
          break;
        }
        for (let j = 0; j < t.shape.length; j++) {
          if (t.shape[j] !== cur.shape[d + j]) {
            throw new RangeError(`The shape of the mask ${fmtShape(t.shape)} at index ${j} does not match the shape of the indexed tensor ${fmtShape(cur.shape)} at index ${d + j}`);
          }
        }
        if (t.storage.device !== 'cpu') throw maskOnDevice(t);
        const nz = nonzero(t);
        for (let j = 0; j < t.shape.length; j++) adv.push({ dim: d + j, idx: select(nz, 1, j) });
        d += t.shape.length;
        realDim += t.shape.length;
        break;
      }
    }
  }
  if (adv.length > 0) return applyAdvanced(cur, adv);
  return cur === x ? view(x, x.shape) : cur;
}

function applySlice(x: Tensor, d: number, s: Slice): Tensor {
  for (const v of [s.start, s.stop, s.step]) {
    if (v !== null && !(typeof v === 'number' && Number.isSafeInteger(v))) {
      throw new TypeError('slice indices must be integers or None or have an __index__ method');
    }
  }
  const step = s.step ?? 1;
  if (step === 0) throw new RangeError('slice step cannot be zero');
  if (step < 0) throw new RangeError('step must be greater than zero');
  const n = x.shape[d]!;
  const start = s.start ?? 0, stop = s.stop ?? n;
  if (step === 1 && (start === 0 || start <= -n) && stop >= n) return x;
  return sliceView(x, d, start, stop, step);
}

/** Gathers with int tensors at several dims: broadcast them, flatten those dims, indexSelect. */
function applyAdvanced(x: Tensor, adv: readonly Advanced[]): Tensor {
  let b: number[] = [];
  try {
    for (const a of adv) b = broadcastShapes(b, a.idx.shape);
  } catch {
    throw new RangeError(`shape mismatch: indexing tensors could not be broadcast together with shapes ${adv.map((a) => fmtShape(a.idx.shape)).join(', ')}`);
  }
  const dims = adv.map((a) => a.dim);
  const adjacent = dims.every((v, k) => v === dims[0]! + k);
  let cur = x;
  if (!adjacent) cur = permute(x, [...dims, ...x.shape.map((_, i) => i).filter((i) => !dims.includes(i))]);
  const p = adjacent ? dims[0]! : 0, m = adv.length;
  const group = cur.shape.slice(p, p + m);
  const before = cur.shape.slice(0, p), after = cur.shape.slice(p + m);
  const merged = reshape(cur, [...before, numelOf(group), ...after]);
  if (adv.some((a) => a.idx.storage.device !== 'cpu')) {
    return reshape(indexSelect(merged, p, flatIndexOnDevice(adv, b, group, x.storage.device)), [...before, ...b, ...after]);
  }
  const flatIdx = new Int32Array(numelOf(b));
  let mult = 1;
  for (let k = m - 1; k >= 0; k--) {
    const n = group[k]!;
    // Bounds are checked on the host, for PyTorch's message naming the dim.
    const vals = adv[k]!.idx.expand(b).toTypedArray();
    for (let i = 0; i < vals.length; i++) {
      const v = vals[i]!;
      if (v < -n || v >= n) throw new RangeError(`index ${v} is out of bounds for dimension ${k} with size ${n}`);
      flatIdx[i]! += (v < 0 ? v + n : v) * mult;
    }
    mult *= n;
  }
  const picked = indexSelect(merged, p, fromHost(flatIdx, [flatIdx.length], 'int32', x.storage.device));
  return reshape(picked, [...before, ...b, ...after]);
}

/**
 * The flat positions of applyAdvanced computed on the index tensors' device (webgpu reads values
 * only asynchronously, so the bounds cannot be checked before the gather): an entry out of range
 * in any dim becomes -1, which the device's indexSelect kernel skips (reading NaN, or 0 for ints).
 */
function flatIndexOnDevice(adv: readonly Advanced[], b: readonly number[], group: readonly number[], device: Tensor['storage']['device']): Tensor {
  let flat: Tensor | null = null, ok: Tensor | null = null, mult = 1;
  for (let k = adv.length - 1; k >= 0; k--) {
    const n = group[k]!;
    const v = adv[k]!.idx.to(device).expand(b.slice());
    const inRange = v.ge(-n).logicalAnd(v.lt(n));
    const term = where(v.lt(0), v.add(n), v).mul(mult);
    flat = flat === null ? term : flat.add(term);
    ok = ok === null ? inRange : ok.logicalAnd(inRange);
    mult *= n;
  }
  return where(ok!, flat!, -1).reshape([-1]);
}

/** x[mask] with a bool mask on a device that reads only asynchronously: the result's size depends on it. */
function maskOnDevice(mask: Tensor): Error {
  const d = mask.storage.device;
  return new Error(`index(): a bool mask on ${d} selects a number of elements that depends on its values, which ${d} reads back ` +
    "only asynchronously. Move the mask to the CPU first (the tensor may stay): x.index(await mask.toAsync('cpu')), " +
    'or keep the shape with torch.where(mask, x, 0)');
}

function itemsOf(args: readonly IndexItem[]): Item[] {
  return normalize(args);
}

/**
 * `x[items]`: basic items give a view sharing storage (with gradient); int32/bool tensors give a
 * gathered copy. Strings may hold several items: `x.index('1:3, ..., 0')`.
 * @example x.index(0, slice(1, null, 2)) // x[0, 1::2]
 */
export function index(x: Tensor, ...items: IndexItem[]): Tensor {
  return applyIndex(x, itemsOf(items));
}

/**
 * Integer positions base..base+numel-1 laid out in `shape`: indexing them says which elements an
 * index hits (base 1 off the CPU, where a skipped out-of-range index leaves 0: one less, -1, is
 * skipped again by the scatter).
 */
function positions(shape: readonly number[], device: Tensor['storage']['device'], base: number): Tensor {
  const n = numelOf(shape);
  const data = new Int32Array(n);
  for (let i = 0; i < n; i++) data[i] = i + base;
  return fromHost(data, shape.slice(), 'int32', device);
}

/** setIndex's keyword option. */
export interface SetIndexOptions {
  /** Add the values instead of overwriting (index_put_'s accumulate=True); repeats sum. */
  accumulate?: boolean;
}

/**
 * `x[items] = value` in place (value broadcasts; a number fills). Views of x's storage see the
 * write and the version counter bumps. With autograd, x takes the assignment's gradient node.
 * @example x.setIndex([slice(0, 2), 1], 0) // x[0:2, 1] = 0
 */
export function setIndex(x: Tensor, items: IndexItem | readonly IndexItem[], value: Tensor | number | boolean, opts: SetIndexOptions = {}): Tensor {
  const list = itemsOf(Array.isArray(items) ? (items as readonly IndexItem[]) : [items as IndexItem]);
  checkInplace(x, x.shape, x.dtype);
  const vt = value instanceof Tensor ? value : null;
  const track = needsGrad(x, vt);
  const accumulate = opts.accumulate ?? false;
  if (!track && !accumulate && !list.some((it) => it.kind === 'tensor')) {
    const target = applyIndex(x.detach(), list);
    if (vt === null) {
      backendOf(target).fill(target, checkedCast(x.dtype, typeof value === 'boolean' ? (value ? 1 : 0) : Number(value), 'scalar'));
    } else {
      const src = vt.detach().expand(target.shape);
      copyInto(target, src.storage === x.storage ? src.clone() : src);
    }
    x.storage.version++;
    return x;
  }
  // Index a tensor of element positions the same way: the result says which elements to write.
  const base = x.storage.device === 'cpu' ? 0 : 1;
  const hit = applyIndex(positions(x.shape, x.storage.device, base), list);
  const targets = base === 0 ? hit.reshape([-1]) : hit.reshape([-1]).sub(base);
  const vals = (vt === null ? valueTensor(x, value as number | boolean) : vt.to(x.dtype)).expand(hit.shape).reshape([targets.numel()]);
  const shape = x.shape.slice();
  const put = (base: Tensor): Tensor => {
    const flat = base.reshape([-1]);
    return (accumulate ? scatterAdd(flat, 0, targets, vals) : scatter(flat, 0, targets, vals)).view(shape);
  };
  if (!track) {
    writeInto(x, put(x.detach()));
    return x;
  }
  return inplaceVia(x, vt, put, () => put(x.detach()));
}

function valueTensor(x: Tensor, value: number | boolean): Tensor {
  // Filled even for zero: -0 must stay -0.
  const t = alloc([], x.dtype, x.storage.device);
  backendOf(t).fill(t, checkedCast(x.dtype, typeof value === 'boolean' ? (value ? 1 : 0) : value, 'scalar'));
  return t;
}
