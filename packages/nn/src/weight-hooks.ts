/**
 * The legacy hook-style torch.nn.utils.weight_norm / spectral_norm (and their removers): the
 * weight becomes a plain attribute recomputed before every forward from `weight_g` and
 * `weight_v` (weight norm) or `weight_orig` with the buffers `weight_u`, `weight_v` (spectral norm).
 *
 * Module has no forward pre-hooks; the hooks run from a `forward` on a prototype inserted
 * between the module and its class (the class name, and so the repr, is unchanged).
 */
import { Tensor, dot, empty, mv, noGrad } from '@torchlet/core';
import { checkOptions } from '@torchlet/core/internal';
import type { AnyModule } from './module';
import { Parameter } from './parameter';
import { normalize } from './functional/layers';
import { defaultSpectralDim, normExceptDim, weightNormFrom } from './parametrizations';
import { removePrototype } from './parametrize';

interface Hook {
  readonly kind: 'weight_norm' | 'spectral_norm';
  readonly name: string;
  /** The weight from the current state (spectral norm: with power iteration first). */
  compute(powerIteration: boolean): Tensor;
}

interface HookSet { readonly layer: object; readonly hooks: Hook[] }

const hookSets = new WeakMap<AnyModule, HookSet>();

function findHook(module: AnyModule, kind: Hook['kind'], name: string): Hook | undefined {
  return hookSets.get(module)?.hooks.find((h) => h.kind === kind && h.name === name);
}

/** Adds a pre-forward hook (run in registration order, as PyTorch's forward pre-hooks). */
function addHook(module: AnyModule, hook: Hook): void {
  let set = hookSets.get(module);
  if (set === undefined) {
    const base: unknown = Object.getPrototypeOf(module);
    if (typeof base !== 'object' || base === null) throw new Error('weight hooks: module has no prototype');
    const layer: object = Object.create(base) as object;
    const hooks: Hook[] = [];
    Object.defineProperty(layer, 'forward', {
      configurable: true,
      writable: true,
      value: (...args: unknown[]): unknown => {
        for (const h of hooks) Reflect.set(module, h.name, h.compute(module.training));
        const next: unknown = Reflect.get(Object.getPrototypeOf(layer) as object, 'forward');
        if (typeof next !== 'function') throw new Error('weight hooks: module has no forward');
        return Reflect.apply(next, module, args);
      },
    });
    Reflect.setPrototypeOf(module, layer);
    set = { layer, hooks };
    hookSets.set(module, set);
  }
  set.hooks.push(hook);
}

function dropHook(module: AnyModule, hook: Hook): void {
  const set = hookSets.get(module);
  if (set === undefined) return;
  set.hooks.splice(set.hooks.indexOf(hook), 1);
  if (set.hooks.length === 0) {
    removePrototype(module, set.layer);
    hookSets.delete(module);
  }
}

function tensorAt(module: AnyModule, name: string): Tensor {
  const t: unknown = Reflect.get(module, name);
  if (!(t instanceof Tensor)) throw new Error(`'${module.toString()}' object has no attribute '${name}'`);
  return t;
}

/** The module's own parameter `name` (PyTorch's `module._parameters[name]`). */
function ownParameter(module: AnyModule, name: string): Parameter {
  const p = module.namedParameters('', false).find(([n]) => n === name)?.[1];
  if (p === undefined) throw new Error(`KeyError: '${name}'`);
  return p;
}

/** Deletes attributes (registered or plain) by name. */
function drop(module: AnyModule, ...names: string[]): void {
  for (const n of names) Reflect.deleteProperty(module, n);
}

// ---- weight norm ----------------------------------------------------------------------------

/**
 * Legacy weight normalization: `module[name]` is recomputed before every forward as
 * g * v / ||v|| from the parameters `${name}_g` and `${name}_v` (PyTorch's deprecated
 * torch.nn.utils.weight_norm; prefer parametrizations.weightNorm).
 * @example nn.utils.weightNorm(new nn.Linear(20, 40));
 */
export function weightNorm<M extends AnyModule>(module: M, name: string | { name?: string; dim?: number | null } = 'weight', dim: number | null = 0): M {
  const o = typeof name === 'object' ? name : { name, dim };
  checkOptions('weight_norm', o, ['name', 'dim']);
  const tensorName = o.name ?? 'weight';
  if (findHook(module, 'weight_norm', tensorName) !== undefined) {
    throw new Error(`Cannot register two weight_norm hooks on the same parameter ${tensorName}`);
  }
  const d = o.dim === undefined ? 0 : o.dim ?? -1;
  const weight = ownParameter(module, tensorName);
  const g = new Parameter(noGrad(() => normExceptDim(weight, d)));
  drop(module, tensorName);
  module.registerParameter(`${tensorName}_g`, g);
  module.registerParameter(`${tensorName}_v`, new Parameter(weight.detach()));
  const compute = (): Tensor => weightNormFrom(tensorAt(module, `${tensorName}_v`), tensorAt(module, `${tensorName}_g`), d);
  Reflect.set(module, tensorName, compute());
  addHook(module, { kind: 'weight_norm', name: tensorName, compute });
  return module;
}

/**
 * Undoes the legacy weightNorm: `module[name]` is a parameter again, holding g * v / ||v||.
 * @example nn.utils.removeWeightNorm(layer);
 */
export function removeWeightNorm<M extends AnyModule>(module: M, name = 'weight'): M {
  const hook = findHook(module, 'weight_norm', name);
  if (hook === undefined) throw new Error(`weight_norm of '${name}' not found in ${module.toString()}`);
  const weight = hook.compute(false);
  drop(module, name, `${name}_g`, `${name}_v`);
  module.registerParameter(name, new Parameter(weight.detach()));
  dropHook(module, hook);
  return module;
}

// ---- spectral norm --------------------------------------------------------------------------

function weightMatrix(weight: Tensor, dim: number): Tensor {
  const w = dim === 0 ? weight : weight.permute(dim, ...weight.shape.map((_, i) => i).filter((i) => i !== dim));
  return w.reshape([w.shape[0]!, -1]);
}

interface SpectralOptions { name?: string; nPowerIterations?: number; eps?: number; dim?: number | null }

/**
 * Legacy spectral normalization: `module[name]` is recomputed before every forward as
 * weight_orig / sigma, with power iteration (v first, then u) on the buffers `${name}_u`,
 * `${name}_v` in training mode (PyTorch's torch.nn.utils.spectral_norm).
 * @example nn.utils.spectralNorm(new nn.Linear(20, 40));
 */
export function spectralNorm<M extends AnyModule>(
  module: M, name: string | SpectralOptions = 'weight', nPowerIterations = 1, eps = 1e-12, dim: number | null = null,
): M {
  const o = typeof name === 'object' ? name : { name, nPowerIterations, eps, dim };
  checkOptions('spectral_norm', o, ['name', 'nPowerIterations', 'eps', 'dim']);
  const tensorName = o.name ?? 'weight';
  const iterations = o.nPowerIterations ?? 1;
  const epsilon = o.eps ?? 1e-12;
  const d = o.dim ?? defaultSpectralDim(module);
  if (findHook(module, 'spectral_norm', tensorName) !== undefined) {
    throw new Error(`Cannot register two spectral_norm hooks on the same parameter ${tensorName}`);
  }
  if (iterations <= 0) throw new Error(`Expected n_power_iterations to be positive, but got n_power_iterations=${iterations}`);
  const weight = ownParameter(module, tensorName);
  const [h, w] = weightMatrix(weight, d).shape as [number, number];
  const u = noGrad(() => normalize(empty([h], { dtype: weight.dtype }).normal_(0, 1), { dim: 0, eps: epsilon }));
  const v = noGrad(() => normalize(empty([w], { dtype: weight.dtype }).normal_(0, 1), { dim: 0, eps: epsilon }));
  drop(module, tensorName);
  module.registerParameter(`${tensorName}_orig`, weight);
  Reflect.set(module, tensorName, weight.detach());
  module.registerBuffer(`${tensorName}_u`, u);
  module.registerBuffer(`${tensorName}_v`, v);
  const compute = (powerIteration: boolean): Tensor => {
    const mat = weightMatrix(tensorAt(module, `${tensorName}_orig`), d);
    let uu = tensorAt(module, `${tensorName}_u`), vv = tensorAt(module, `${tensorName}_v`);
    if (powerIteration) {
      noGrad(() => {
        for (let i = 0; i < iterations; i++) {
          vv.copy_(normalize(mv(mat.t(), uu), { dim: 0, eps: epsilon }));
          uu.copy_(normalize(mv(mat, vv), { dim: 0, eps: epsilon }));
        }
        uu = uu.clone();
        vv = vv.clone();
      });
    }
    return tensorAt(module, `${tensorName}_orig`).div(dot(uu, mv(mat, vv)));
  };
  addHook(module, { kind: 'spectral_norm', name: tensorName, compute });
  return module;
}

/**
 * Undoes the legacy spectralNorm: `module[name]` is a parameter again, holding weight / sigma
 * from the current u and v (no power iteration).
 * @example nn.utils.removeSpectralNorm(layer);
 */
export function removeSpectralNorm<M extends AnyModule>(module: M, name = 'weight'): M {
  const hook = findHook(module, 'spectral_norm', name);
  if (hook === undefined) throw new Error(`spectral_norm of '${name}' not found in ${module.toString()}`);
  const weight = noGrad(() => hook.compute(false));
  drop(module, name, `${name}_u`, `${name}_v`, `${name}_orig`);
  module.registerParameter(name, new Parameter(weight.detach()));
  dropHook(module, hook);
  return module;
}
