/**
 * The backend registry and the device seam. Ops run a tensor's kernels on `backendOf(t)`: the
 * backend of the device its storage lives on ('cpu': the CPU backend chosen with `setBackend`,
 * 'js', 'wasm' or 'auto', which share one host memory). A second device adds its case to
 * `deviceBackend`; nothing above this file changes.
 */
import type { Backend, DeviceType, View } from './types';
import type { Device } from '../device';
import { jsBackend } from './js/index';
import { autoBackend, wasmBackend } from './wasm/index';
import { webgpuBackend } from './webgpu/index';

const registry = new Map<string, Backend>([['js', jsBackend], ['wasm', wasmBackend], ['auto', autoBackend]]);
let current: Backend = autoBackend;

/** The CPU backend in use (what `backendOf` gives for a CPU tensor). */
export function backend(): Backend {
  return current;
}

/**
 * The backend that owns `device`'s memory: where new tensors on it are made. A device adds its
 * case. Takes a tensor's Device too (ops pass `x.device` to alloc): its `.type` names the storage.
 */
export function deviceBackend(device: DeviceType | Device): Backend {
  if (device === 'cpu') return current; // every op's allocation: one compare
  switch (typeof device === 'string' ? device : device.type) {
    case 'cpu': return current;
    case 'webgpu': return webgpuBackend;
    default: throw new Error(`no backend for device '${String(device)}'`);
  }
}

/** The backend that owns t's storage: the one that runs kernels on it. */
export function backendOf(t: View): Backend {
  return deviceBackend(t.storage.device);
}

export function registerBackend(b: Backend): void {
  registry.set(b.name, b);
}

/**
 * Chooses the CPU backend every op runs on: 'js' (the reference), 'wasm', 'auto', or 'native' when @torchlet/native is
 * installed and built. CPU tensors share one storage, so switching never moves data. Throws for an unknown name.
 */
export function setBackend(name: string): void {
  current = getBackend(name);
}

/** The registered backend called `name`, e.g. getBackend('js') (the oracle others delegate to). */
export function getBackend(name: string): Backend {
  const b = registry.get(name);
  if (!b) throw new Error(`Unknown backend '${name}'. Available: ${[...registry.keys()].join(', ')}`);
  return b;
}

/** Names of every registered backend, e.g. ['js', 'wasm', 'auto']. */
export function backendNames(): string[] {
  return [...registry.keys()];
}

/** The name of the backend that runs ops now, e.g. 'js'. */
export function backendName(): string {
  return current.name;
}

export type { Backend, DeviceType, Storage, View, UnaryOp, BinaryOp, ReduceOp } from './types';
export { getNumThreads, setNumThreads } from './wasm/index';
