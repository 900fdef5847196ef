/**
 * PyTorch's device rule for ops with several tensor operands: they must share one device, except
 * that a 0-dim CPU tensor (a wrapped number, `torch.tensor(2.)`) joins an op on another device.
 * Ops call `matchDevice` only when two operands' devices differ, so the CPU path pays one compare.
 */
import type { DeviceType } from '../backend/types';
import { Tensor } from '../tensor';

/** PyTorch's error for operands on two devices (the accelerator named first). */
export function deviceMismatch(a: DeviceType, b: DeviceType): Error {
  const [x, y] = a === 'cpu' ? [b, a] : [a, b];
  return new Error(`Expected all tensors to be on the same device, but found at least two devices, ${x} and ${y}!`);
}

/**
 * `t` on `device` when it may join an op there (it is there, or it is a 0-dim CPU tensor, whose
 * value is copied over); else PyTorch's mismatch error.
 */
export function matchDevice(t: Tensor, device: DeviceType): Tensor {
  const d = t.storage.device;
  if (d === device) return t;
  if (d === 'cpu' && t.shape.length === 0) return t.to(device);
  throw deviceMismatch(device, d);
}

/**
 * The device an op on `ts` runs on: the first operand's that is not a 0-dim CPU tensor (PyTorch's
 * rule), or 'cpu'. Raises when two others differ.
 */
export function commonDevice(ts: readonly (Tensor | null | undefined)[]): DeviceType {
  let found: DeviceType | null = null;
  for (const t of ts) {
    if (!(t instanceof Tensor)) continue;
    const d = t.storage.device;
    if (d === 'cpu' && t.shape.length === 0) continue;
    if (found === null) found = d;
    else if (found !== d) throw deviceMismatch(found, d);
  }
  return found ?? 'cpu';
}

/**
 * The error of an op whose result's size depends on the values (nonzero, unique, masked_select)
 * on a device that reads values only asynchronously: it names the way through the CPU.
 */
export function checkHostReadable(op: string, call: string, ...ts: Tensor[]): void {
  for (const t of ts) {
    const d = t.storage.device;
    if (d === 'cpu') continue;
    throw new Error(`${op}(): not available on ${d}: its result's size depends on the values, which ${d} reads back only asynchronously. ` +
      `Move the input first: (await x.toAsync('cpu')).${call}`);
  }
}

/**
 * The error of an op that computes on host arrays (or returns a JS value) called with a tensor on
 * a device that reads values only asynchronously: names the op and the way to run it (`how`).
 */
export function checkHostOp(op: string, how: string, ...ts: readonly (Tensor | null | undefined)[]): void {
  for (const t of ts) {
    if (!(t instanceof Tensor) || t.storage.device === 'cpu') continue;
    const d = t.storage.device;
    throw new Error(`${op}(): not available on ${d}: it reads the tensor's values on the host, which ${d} does only asynchronously. ${how}`);
  }
}

/** checkHostOp's usual advice: run the op on a CPU copy. */
export function onCpu(call: string): string {
  return `Run it on a CPU copy: (await x.toAsync('cpu')).${call}`;
}
