/** The backend registry: ops call `backend()`; `setBackend` swaps it without touching autograd. */
import type { Backend } from './types';
import { jsBackend } from './js/index';
import { autoBackend, wasmBackend } from './wasm/index';

const registry = new Map<string, Backend>([['js', jsBackend], ['wasm', wasmBackend], ['auto', autoBackend]]);
let current: Backend = autoBackend;

export function backend(): Backend {
  return current;
}

export function registerBackend(b: Backend): void {
  registry.set(b.name, b);
}

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

export type { Backend, View, UnaryOp, BinaryOp, ReduceOp } from './types';
export { getNumThreads, setNumThreads } from './wasm/index';
