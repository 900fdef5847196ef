/** The backend registry: ops call `backend()`; `setBackend` swaps it without touching autograd. */
import type { Backend } from './types';
import { jsBackend } from './js/index';

const registry = new Map<string, Backend>([['js', jsBackend]]);
let current: Backend = jsBackend;

export function backend(): Backend {
  return current;
}

export function registerBackend(b: Backend): void {
  registry.set(b.name, b);
}

export function setBackend(name: string): void {
  const b = registry.get(name);
  if (!b) throw new Error(`Unknown backend '${name}'. Available: ${[...registry.keys()].join(', ')}`);
  current = b;
}

/** The name of the backend that runs ops now, e.g. 'js'. */
export function backendName(): string {
  return current.name;
}

export type { Backend, View, UnaryOp, BinaryOp, ReduceOp } from './types';
