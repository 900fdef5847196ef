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

/** PyTorch's state_dict order: each module's parameters and persistent buffers, then its children. */
export function flattenState(root: StateNode, prefix: string, keepVars: boolean): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  const visit = (node: StateNode, p: string): void => {
    for (const [name, t] of node.locals) out[p + name] = keepVars ? t : t.detach();
    for (const [name, child] of node.children) visit(child, `${p}${name}.`);
  };
  visit(root, prefix);
  return out;
}

/** Checks `dict` against the module tree; throws PyTorch's message, or returns the copies to make. */
export function planLoad(root: StateNode, dict: ReadonlyMap<string, unknown>, className: string, strict: boolean): LoadPlan {
  const missing: string[] = [], unexpected: string[] = [], errors: string[] = [];
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
      if (!node.childNames.includes(first) && !node.locals.has(first)) unexpected.push(key);
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
