/** Shapes, strides and broadcasting: everything views need, no kernels. */
export type Shape = readonly number[];

export function numelOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    // A size-0 dim counts as 1 (PyTorch's rule), so the strides of an empty tensor stay distinct.
    s *= shape[i] || 1;
  }
  return strides;
}

export function isContiguous(shape: Shape, strides: Shape): boolean {
  // Kept this small so it inlines: an empty tensor (contiguous whatever its strides, as PyTorch's
  // compute_contiguous says) is answered by the Tensor, which knows its element count.
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = shape[i] ?? 1;
    if (d !== 1 && strides[i] !== expected) return false;
    expected *= d;
  }
  return true;
}

export function shapeEquals(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** "[2, 3]" as PyTorch prints sizes in messages. */
export function fmtShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/** Normalises a possibly negative dim, raising PyTorch's IndexError text when out of range. */
export function normDim(dim: number, ndim: number): number {
  const n = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -n || dim >= n) {
    throw new RangeError(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`);
  }
  return dim < 0 ? dim + n : dim;
}

/** Normalised, sorted, duplicate-free dims; undefined or [] means all dims. */
export function normDims(dim: number | readonly number[] | undefined, ndim: number): number[] {
  if (dim === undefined) return range(ndim);
  // One dim (sum(0), a bias gradient's sum([0])): no Set, no sort.
  if (typeof dim === 'number') return [normDim(dim, ndim)];
  const list = dim;
  if (list.length === 0) return range(ndim);
  if (list.length === 1) return [normDim(list[0]!, ndim)];
  const out = list.map((d) => normDim(d, ndim));
  const seen = new Set<number>();
  for (const d of out) {
    if (seen.has(d)) throw new Error(`dim ${d} appears multiple times in the list of dims`);
    seen.add(d);
  }
  return out.sort((x, y) => x - y);
}

export function range(n: number): number[] {
  const r = new Array<number>(n);
  for (let i = 0; i < n; i++) r[i] = i;
  return r;
}

/** numpy/PyTorch broadcasting; the error names both shapes as PyTorch does. */
export function broadcastShapes(a: Shape, b: Shape): number[] {
  if (shapeEquals(a, b)) return a.slice();
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  // From the last dim, so the first mismatch reported is PyTorch's (the rightmost).
  for (let i = n - 1; i >= 0; i--) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(
        `The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Python's name for a JS value's type, as PyTorch's argument parser prints it ("float", "str"). */
export function pyTypeName(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'boolean') return 'bool';
  if (v === null || v === undefined) return 'NoneType';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'function') return 'function';
  return 'dict';
}

/**
 * An int argument as PyTorch's parser checks it: a safe integer, else
 * TypeError "fn(): argument 'name' (position p) must be int, not float" (NaN and 2.5 are floats).
 */
export function checkInt(v: unknown, fn: string, name: string, position: number): number {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v + 0; // -0 becomes 0
  throw new TypeError(`${fn}(): argument '${name}' (position ${position}) must be int, not ${pyTypeName(v)}`);
}

/**
 * An int-list argument (sizes, dims, repeats): every entry a safe integer, else PyTorch's
 * TypeError "fn(): argument 'name' must be tuple of ints, but found element of type float at pos 2".
 * Signs are the caller's business.
 */
export function checkIntList(list: readonly unknown[], fn: string, name: string, kind = 'ints'): number[] {
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
      throw new TypeError(`${fn}(): argument '${name}' must be tuple of ${kind}, but found element of type ${pyTypeName(v)} at pos ${i + 1}`);
    }
  }
  // -0 becomes 0: a size of -0 would print and compare oddly.
  return (list as readonly number[]).map((v) => v + 0);
}

/**
 * Sizes of a new tensor: integers (TypeError as above) and non-negative (PyTorch's RuntimeError
 * "Trying to create tensor with negative dimension -1: [2, -1]"), with a numel that stays a
 * safe integer.
 */
export function checkSizes(sizes: readonly unknown[], fn: string, name = 'size', kind = 'SymInts'): number[] {
  const out = checkIntList(sizes, fn, name, kind);
  for (const s of out) {
    if (s < 0) throw new Error(`Trying to create tensor with negative dimension ${s}: ${fmtShape(out)}`);
  }
  if (!Number.isSafeInteger(numelOf(out))) throw new RangeError(`${fn}(): numel: integer multiplication overflow for size ${fmtShape(out)}`);
  return out;
}

/** Accepts sizes as varargs or one array: `randn(2, 5)` and `randn([2, 5])`; checked by checkSizes. */
export function sizesFrom(args: readonly unknown[], fn = 'zeros', kind = 'SymInts'): number[] {
  const first = args[0];
  const sizes = args.length === 1 && Array.isArray(first) ? (first as readonly unknown[]) : args;
  return checkSizes(sizes, fn, 'size', kind);
}
