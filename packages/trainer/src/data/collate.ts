/**
 * default_collate: turns a list of samples into a batch, recursively. Tensors are stacked,
 * numbers become a tensor, arrays (tuples) and objects are collated field by field.
 */
import { stack, Tensor, tensor, type DType } from '@torchlet/core';

/** The batch type the default collate makes from samples of type T. */
export type Collated<T> = T extends Tensor
  ? Tensor
  : T extends number | boolean
    ? Tensor
    : T extends string
      ? string[]
      : T extends Float32Array | Float64Array | Int32Array | Uint8Array
        ? Tensor
        : T extends readonly unknown[]
          ? { -readonly [K in keyof T]: Collated<T[K]> }
          : T extends object
            ? { [K in keyof T]: Collated<T[K]> }
            : never;

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'Array';
  return typeof x === 'object' ? (x.constructor?.name ?? 'Object') : typeof x;
}

function batchError(x: unknown): TypeError {
  return new TypeError(`default_collate: batch must contain tensors, typed arrays, numbers, booleans, strings, objects or arrays; found ${describe(x)}`);
}

function collateAny(batch: readonly unknown[]): unknown {
  const elem = batch[0];
  if (elem instanceof Tensor) {
    for (const b of batch) if (!(b instanceof Tensor)) throw batchError(b);
    return stack(batch as readonly Tensor[], 0);
  }
  if (typeof elem === 'number') {
    const values = batch as readonly number[];
    for (const v of values) if (typeof v !== 'number') throw batchError(v);
    // Python ints collate to an integer tensor and floats to float64; JS numbers are one type,
    // so a batch of integers gives int32 and any fraction gives float64.
    return tensor([...values], { dtype: values.every(Number.isInteger) ? 'int32' : 'float64' });
  }
  if (typeof elem === 'boolean') return tensor(batch as boolean[], { dtype: 'bool' });
  if (typeof elem === 'string') return [...(batch as string[])];
  const dtype = typedArrayDtype(elem);
  if (dtype !== null) return stack(batch.map((b) => tensor(b as Float32Array, { dtype })), 0);
  if (Array.isArray(elem)) {
    const size = elem.length;
    for (const b of batch) {
      if (!Array.isArray(b) || b.length !== size) throw new Error('each element in list of batch should be of equal size');
    }
    const rows = batch as readonly unknown[][];
    return elem.map((_, i) => collateAny(rows.map((r) => r[i])));
  }
  if (typeof elem === 'object' && elem !== null && Object.getPrototypeOf(elem) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(elem)) {
      out[key] = collateAny(batch.map((b) => {
        if (typeof b !== 'object' || b === null || !(key in b)) throw new Error(`default_collate: key '${key}' is missing from a sample`);
        return (b as Record<string, unknown>)[key];
      }));
    }
    return out;
  }
  throw batchError(elem);
}

/**
 * PyTorch's `default_collate`: tensors are stacked along a new first dim, numbers and booleans
 * become a tensor (int32 for integers, float64 otherwise), strings stay a list, typed arrays are
 * stacked as tensors, and arrays (tuples) and plain objects are collated per position or key.
 * @example defaultCollate([[tensor([1, 2]), 0], [tensor([3, 4]), 1]]) // [tensor([[1, 2], [3, 4]]), tensor([0, 1])]
 */
export function defaultCollate<T>(batch: readonly T[]): Collated<T> {
  if (batch.length === 0) throw new Error('default_collate: the batch is empty');
  return collateAny(batch) as Collated<T>;
}

/** The dtype a typed-array item collates to (numpy's uint8 images give uint8, as default_collate does); null for anything else. */
function typedArrayDtype(elem: unknown): DType | null {
  if (elem instanceof Float32Array) return 'float32';
  if (elem instanceof Float64Array) return 'float64';
  if (elem instanceof Int32Array) return 'int32';
  if (elem instanceof Uint8Array) return 'uint8';
  if (elem instanceof Int8Array) return 'int8';
  if (elem instanceof Int16Array) return 'int16';
  return null;
}
