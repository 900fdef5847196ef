/**
 * Tensor gradient hooks (Tensor.registerHook) and the removable handle that Module hooks use too.
 * A non-leaf's hooks live on its node and run, in registration order, when the node's gradient is
 * complete; a leaf's hooks run once on its summed gradient before it accumulates into .grad.
 * retainGrad() keeps the gradient before the hooks when it was called before the first hook, else
 * the one after them all (torch 1.13 keeps a tensor's Python hooks in one entry placed at the
 * first registration, beside retain_grad's).
 */
import { shapeEquals } from '../shape';
import type { Tensor } from '../tensor';
import type { GradHook, GradHookEntry, Node } from './node';

/** What `register...Hook` returns: `remove()` unregisters the hook (calling it again is harmless). */
export class RemovableHandle {
  private static nextId = 0;
  /** A unique id per handle, as PyTorch's handle.id. */
  readonly id = RemovableHandle.nextId++;
  constructor(private readonly onRemove: () => void) {}
  /** Unregisters the hook; calling it again does nothing. */
  remove(): void {
    this.onRemove();
  }
}

const leafHooks = new WeakMap<Tensor, GradHookEntry[]>();
/** Set once any leaf gets a hook, so backward without hooks pays one boolean read per leaf. */
let anyLeafHooks = false;

function hookName(fn: GradHook): string {
  return fn.name === '' ? '<lambda>' : fn.name;
}

/** Tensor.registerHook: on a non-leaf, its node's hooks; on a leaf, hooks run before accumulation. */
export function registerTensorHook(t: Tensor, fn: GradHook): RemovableHandle {
  if (typeof fn !== 'function') throw new TypeError(`register_hook(): expected a function, got ${typeof fn}`);
  if (!t.requiresGrad) throw new Error("cannot register a hook on a tensor that doesn't require gradient");
  const node = t.gradFn;
  let list: GradHookEntry[];
  if (node !== null) {
    list = node.hooks ?? (node.hooks = []);
  } else {
    list = leafHooks.get(t) ?? [];
    leafHooks.set(t, list);
    anyLeafHooks = true;
  }
  const first = list[0];
  const entry: GradHookEntry = { fn, afterRetain: first !== undefined ? first.afterRetain : node !== null && node.retained !== null };
  list.push(entry);
  return new RemovableHandle(() => {
    const i = list.indexOf(entry);
    if (i >= 0) list.splice(i, 1);
  });
}

/** Applies one hook: its returned tensor replaces the gradient, which must keep its size. */
function applyHook(entry: GradHookEntry, g: Tensor): Tensor {
  const r = entry.fn(g);
  if (r === undefined || r === null) return g;
  if (!shapeEquals(r.shape, g.shape)) {
    throw new Error(`hook '${hookName(entry.fn)}' has changed the size of value`);
  }
  return r;
}

/** Whether a leaf has hooks: backward then sums its gradient first and runs them once, as PyTorch's AccumulateGrad. */
export function hasLeafHooks(leaf: Tensor): boolean {
  if (!anyLeafHooks) return false;
  const list = leafHooks.get(leaf);
  return list !== undefined && list.length > 0;
}

/** A leaf's summed gradient after its hooks. */
export function leafHooked(leaf: Tensor, g: Tensor): Tensor {
  const list = leafHooks.get(leaf);
  if (list === undefined) return g;
  // A copy: a hook may remove itself while running.
  for (const entry of list.slice()) g = applyHook(entry, g);
  return g;
}

/**
 * Runs a node's hooks on its incoming gradient and calls `retain` with the gradient .grad keeps.
 * Returns the gradient to use.
 */
export function nodeHooked(node: Node, g: Tensor, retain: ((t: Tensor, g: Tensor) => void) | null): Tensor {
  const list = node.hooks === null ? [] : node.hooks.slice();
  const retainFirst = list[0]?.afterRetain ?? false;
  const retained = node.retained;
  if (retain !== null && retained !== null && retainFirst) retain(retained, g);
  for (const entry of list) g = applyHook(entry, g);
  if (retain !== null && retained !== null && !retainFirst) retain(retained, g);
  return g;
}
