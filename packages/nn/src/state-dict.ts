/**
 * State dicts over a module tree: flattening in PyTorch's key order, and loadStateDict's checking
 * pass (PyTorch's algorithm: per module its own keys, then the keys under each child prefix),
 * collecting copies instead of making them so that a failure changes nothing.
 */
import { Tensor } from '@torchlet/core';
import { torchSize, typeName } from './repr';

/** One module's state as stateDict and loadStateDict see it. */
export interface StateNode {
  /** Parameters and persistent buffers by local name (non-null only). */
  readonly locals: ReadonlyMap<string, Tensor>;
  /** Registered child names (null children included: their keys are not unexpected). */
  readonly childNames: readonly string[];
  /** The non-null children. */
  readonly children: readonly (readonly [string, StateNode])[];
  /** Values for local keys missing from the dict (BatchNorm's num_batches_tracked). */
  readonly defaults: Readonly<Record<string, Tensor>>;
}

export interface LoadPlan {
  copies: [Tensor, Tensor][];
  missingKeys: string[];
  unexpectedKeys: string[];
}

/** `linearReluStack` -> `linear_relu_stack`: the name a Python original gives the attribute. */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase();
}

/** `linear_relu_stack` -> `linearReluStack`: the name a port gives it. */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * PyTorch's state_dict order: each module's parameters and persistent buffers, then its children.
 * With `pytorchKeys`, camelCase attribute names are written as the Python original's snake_case.
 */
export function flattenState(root: StateNode, prefix: string, keepVars: boolean, pytorchKeys = false): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  const key = pytorchKeys ? snakeCase : (n: string): string => n;
  const visit = (node: StateNode, p: string): void => {
    for (const [name, t] of node.locals) out[p + key(name)] = keepVars ? t : t.detach();
    for (const [name, child] of node.children) visit(child, `${p}${key(name)}.`);
  };
  visit(root, prefix);
  return out;
}

/**
 * A checkpoint key in this tree's names: each segment as is when the module has it, else its
 * camelCase form when the module has that (a Python original's `linear_relu_stack.0.weight`
 * loads into a port's `linearReluStack`), else unchanged (then reported as unexpected).
 */
function moduleKey(root: StateNode, key: string): string {
  let node: StateNode | undefined = root;
  return key.split('.').map((seg) => {
    const at = node;
    if (at === undefined) return seg;
    const has = (n: string): boolean => at.locals.has(n) || at.childNames.includes(n);
    const name = has(seg) || !has(camelCase(seg)) ? seg : camelCase(seg);
    node = at.children.find(([n]) => n === name)?.[1];
    return name;
  }).join('.');
}

/** Checks `dict` against the module tree; throws PyTorch's message, or returns the copies to make. */
export function planLoad(root: StateNode, given: ReadonlyMap<string, unknown>, className: string, strict: boolean): LoadPlan {
  const missing: string[] = [], unexpected: string[] = [], errors: string[] = [];
  // snake_case keys map onto camelCase names; an exact key wins over a mapped one.
  const dict = new Map<string, unknown>();
  const original = new Map<string, string>();
  for (const [k, v] of given) {
    const mk = moduleKey(root, k);
    if (mk !== k && given.has(mk)) continue;
    dict.set(mk, v);
    original.set(mk, k);
  }
  const copies: [Tensor, Tensor][] = [];
  const visit = (node: StateNode, local: ReadonlyMap<string, unknown>, prefix: string): void => {
    for (const [name, param] of node.locals) {
      const key = prefix + name;
      const given = local.get(key) ?? node.defaults[name];
      if (given === undefined) { missing.push(key); continue; }
      if (!(given instanceof Tensor)) {
        errors.push(`While copying the parameter named "${key}", expected torch.Tensor or Tensor-like object from checkpoint but received ${typeName(given)}`);
        continue;
      }
      const input = param.shape.length === 0 && given.shape.length === 1 && given.shape[0] === 1 ? given.reshape([]) : given;
      if (input.shape.length !== param.shape.length || input.shape.some((d, i) => d !== param.shape[i])) {
        errors.push(`size mismatch for ${key}: copying a param with shape ${torchSize(input.shape)} from checkpoint, the shape in current model is ${torchSize(param.shape)}.`);
        continue;
      }
      copies.push([param, input]);
    }
    for (const key of local.keys()) {
      if (!key.startsWith(prefix)) continue;
      const first = key.slice(prefix.length).split('.', 1)[0]!;
      if (!node.childNames.includes(first) && !node.locals.has(first)) unexpected.push(original.get(key) ?? key);
    }
    for (const [name, child] of node.children) {
      const cp = `${prefix}${name}.`;
      visit(child, new Map([...local].filter(([k]) => k.startsWith(cp))), cp);
    }
  };
  visit(root, dict, '');
  if (strict) {
    if (unexpected.length > 0) errors.unshift(`Unexpected key(s) in state_dict: ${unexpected.map((k) => `"${k}"`).join(', ')}. `);
    if (missing.length > 0) errors.unshift(`Missing key(s) in state_dict: ${missing.map((k) => `"${k}"`).join(', ')}. `);
  }
  if (errors.length > 0) throw new Error(`Error(s) in loading state_dict for ${className}:\n\t${errors.join('\n\t')}`);
  return { copies, missingKeys: missing, unexpectedKeys: unexpected };
}
