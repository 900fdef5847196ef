/**
 * Tensor.to in all of PyTorch's forms (dtype, device, device and dtype, another tensor, keyword
 * options), plus cpu() and cuda(). Nothing to change returns the tensor itself, as PyTorch does.
 */
import type { DType, TypedArray } from '../dtype';
import { isFloating } from '../dtype';
import { Device, device as parseDevice, isDeviceString, storageDevice, type DeviceSpec } from '../device';
import type { DeviceType } from '../backend/types';
import { Tensor } from '../tensor';
import { checkOptions } from '../options';
import { needsGrad, record } from '../autograd/record';
import { clone, detach, toDtype } from './views';
import { fromHost } from './util';

/** Tensor.to's keyword arguments (memory formats do not exist here). */
export interface ToOptions {
  /** The target device ('cpu', a Device...). */
  device?: DeviceSpec;
  /** The target dtype. */
  dtype?: DType;
  /** Accepted for ports; every copy here is synchronous. */
  nonBlocking?: boolean;
  /** A new tensor even when nothing changes. */
  copy?: boolean;
}

/** The positional arguments `x.to(...)` takes, before its options. */
export type ToArgs =
  | [dtype?: DType, opts?: ToOptions]
  | [device: DeviceSpec, dtype?: DType, opts?: ToOptions]
  | [device: DeviceSpec, opts?: ToOptions]
  | [other: Tensor, opts?: ToOptions]
  | [opts?: ToOptions];

function isOptions(v: unknown): v is ToOptions {
  return typeof v === 'object' && v !== null && !(v instanceof Tensor) && !(v instanceof Device) && !Array.isArray(v);
}

function isDeviceArg(v: unknown): v is DeviceSpec {
  return v instanceof Device || typeof v === 'number' || (typeof v === 'string' && isDeviceString(v));
}

/** PyTorch's type names for the invalid-combination message. */
function pyType(v: unknown): string {
  if (v instanceof Tensor) return 'Tensor';
  if (v instanceof Device) return 'torch.device';
  if (typeof v === 'string') return isDeviceString(v) ? 'str' : 'torch.dtype';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (v === null) return 'NoneType';
  return isOptions(v) ? 'dict' : typeof v;
}

function invalidCombination(args: readonly unknown[]): TypeError {
  const sig = (first: string): string => ` * (${first}bool non_blocking, bool copy, *, torch.memory_format memory_format)\n`;
  return new TypeError(`to() received an invalid combination of arguments - got (${args.map(pyType).join(', ')}), but expected one of:\n` +
    sig('torch.device device, torch.dtype dtype, ') + sig('torch.dtype dtype, ') + sig('Tensor tensor, '));
}

export interface Target { device: DeviceSpec | undefined; dtype: DType | undefined; copy: boolean }

/**
 * Reads the form of a `to(...)` call; unknown keys and mixed-up positions raise PyTorch's
 * TypeErrors. Module.to shares it (`withCopy` false: it has no `copy` argument).
 */
export function parseTo(args: readonly unknown[], withCopy = true): Target {
  const [a, b, c] = args;
  let device: DeviceSpec | undefined, dtype: DType | undefined, opts: ToOptions, known: readonly string[];
  if (a instanceof Tensor) {
    [device, dtype, known] = [a.device, a.dtype, ['nonBlocking', 'copy']];
    if (b !== undefined && !isOptions(b)) throw invalidCombination(args);
    opts = b ?? {};
  } else if (isDeviceArg(a)) {
    device = a;
    if (typeof b === 'string' && !isDeviceString(b)) {
      [dtype, known] = [b as DType, ['nonBlocking', 'copy']];
      if (c !== undefined && !isOptions(c)) throw invalidCombination(args);
      opts = c ?? {};
    } else {
      if (b !== undefined && !isOptions(b)) throw invalidCombination(args);
      [opts, known] = [b ?? {}, ['dtype', 'nonBlocking', 'copy']];
      dtype = opts.dtype;
    }
  } else if (typeof a === 'string') {
    [dtype, known] = [a as DType, ['nonBlocking', 'copy']];
    if (b !== undefined && !isOptions(b)) throw invalidCombination(args);
    opts = b ?? {};
  } else if (a === undefined || isOptions(a)) {
    if (b !== undefined) throw invalidCombination(args);
    [opts, known] = [a ?? {}, ['device', 'dtype', 'nonBlocking', 'copy']];
    [device, dtype] = [opts.device, opts.dtype];
  } else {
    throw invalidCombination(args);
  }
  if (args.length > 3) throw invalidCombination(args);
  checkOptions('to', opts, withCopy ? known : known.filter((k) => k !== 'copy'));
  return { device, dtype, copy: opts.copy ?? false };
}

/** x.to(...): x itself when dtype and device already match (and no copy is asked for). */
export function to(x: Tensor, args: readonly unknown[]): Tensor {
  const t = parseTo(args);
  const target = t.device === undefined ? x.storage.device : storageDevice(t.device);
  const dtype = t.dtype ?? x.dtype;
  if (target !== x.storage.device) return moveTo(x, target, dtype);
  const out = toDtype(x, dtype);
  return t.copy && out === x ? copyOf(x) : out;
}

/** `copy: true` with nothing to change: a fresh tensor, ToCopyBackward0 as PyTorch names it. */
function copyOf(x: Tensor): Tensor {
  const out = clone(detach(x));
  if (needsGrad(x)) record(out, 'ToCopyBackward0', [x], [], null, (g) => [g]);
  return out;
}

/**
 * Between two devices the elements pass through the host (read on x's device, uploaded on the
 * target's); the gradient goes back the same way. Only reachable once a second device exists.
 */
function moveTo(x: Tensor, target: DeviceType, dtype: DType): Tensor {
  if (x.storage.device !== 'cpu') {
    throw new Error(`to('${target}'): this tensor is on ${x.storage.device}, where reading values back is asynchronous; use await x.toAsync('${target}') instead`);
  }
  return moved(x, toDtype(detach(x), dtype).toTypedArray(), target, dtype);
}

/** The new tensor on `target` holding `host` (x's values as dtype), with x's gradient edge. */
function moved(x: Tensor, host: TypedArray, target: DeviceType, dtype: DType): Tensor {
  // Upload x's dtype when the target cannot hold the host dtype's cast form first (none today).
  const out = fromHost(host, x.shape.slice(), dtype, target);
  if (isFloating(dtype) && needsGrad(x)) {
    const [fromDevice, fromDtype] = [x.device, x.dtype];
    record(out, 'ToCopyBackward0', [x], [], null, (g) => {
      if (g.storage.device !== 'cpu' && fromDevice.type === 'cpu') throw gradientToHost(g.storage.device);
      return [to(g, [fromDevice, fromDtype])];
    });
  }
  return out;
}

/**
 * x.to(...) for any device pair: from a device that reads back only asynchronously (webgpu) the
 * values are awaited; everything else is the synchronous `to`.
 */
export async function toAsync(x: Tensor, args: readonly unknown[]): Promise<Tensor> {
  const t = parseTo(args);
  const target = t.device === undefined ? x.storage.device : storageDevice(t.device);
  const dtype = t.dtype ?? x.dtype;
  if (target === x.storage.device || x.storage.device === 'cpu') return to(x, args);
  // Cast on the source device when it can hold dtype (float64 cannot live on webgpu: cast on the host).
  const onSource = dtype === 'float64' ? detach(x) : toDtype(detach(x), dtype);
  let host = await onSource.toTypedArrayAsync();
  if (onSource.dtype !== dtype) host = toDtype(fromHost(host, x.shape.slice(), onSource.dtype, 'cpu'), dtype).toTypedArray();
  return moved(x, host, target, dtype);
}

/** Backward cannot wait for a device read: a CPU leaf moved to webgpu gets no gradient there. */
function gradientToHost(device: DeviceType): Error {
  return new Error(`backward: a gradient cannot flow from ${device} back to the cpu tensor it was copied from (reading ${device} values is asynchronous). ` +
    `Make the leaf on ${device} instead: x = x.to('${device}').detach().requiresGrad_(), or create it with { device: '${device}', requiresGrad: true }; model.to('${device}') moves parameters so`);
}

/** x.cuda(device?): a CUDA device, which raises PyTorch's error here. */
export function cuda(x: Tensor, spec?: DeviceSpec): Tensor {
  const d = parseDevice(spec ?? 'cuda');
  if (d.type !== 'cuda') throw new Error(`Invalid device, must be cuda device`);
  return to(x, [d]);
}
