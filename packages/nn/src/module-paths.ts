/** Dotted-path lookups for Module.getSubmodule / getParameter / getBuffer (PyTorch's messages). */
import type { Tensor } from '@torchlet/core';

/** The parts of a module these lookups read (structural, so this file needs no Module import). */
export interface PathNode {
  namedChildren(): [string, PathNode][];
  namedBuffers(prefix?: string, recurse?: boolean): [string, Tensor][];
}

function className(m: object): string {
  return m.constructor.name;
}

export function submoduleAt<M extends PathNode>(root: M, target: string): M {
  let mod: PathNode = root;
  if (target !== '') {
    for (const item of target.split('.')) {
      if (!Object.hasOwn(mod, item)) throw new Error(`${className(mod)} has no attribute \`${item}\``);
      const next = mod.namedChildren().find(([n]) => n === item);
      if (next === undefined) throw new Error(`\`${item}\` is not an nn.Module`);
      mod = next[1];
    }
  }
  // Every node reached through namedChildren of an M is an M.
  return mod as M;
}

/** [owning module, attribute name] of a dotted path, checking that the attribute exists. */
export function ownerOf<M extends PathNode>(root: M, target: string): [M, string] {
  const dot = target.lastIndexOf('.');
  const [mod, name] = dot < 0 ? [root, target] : [submoduleAt(root, target.slice(0, dot)), target.slice(dot + 1)];
  if (!Object.hasOwn(mod, name)) throw new Error(`${className(mod)} has no attribute \`${name}\``);
  return [mod, name];
}

export function bufferAt(root: PathNode, target: string): Tensor {
  const [mod, name] = ownerOf(root, target);
  const hit = mod.namedBuffers('', false).find(([n]) => n === name);
  if (hit === undefined) throw new Error(`\`${name}\` is not a buffer`);
  return hit[1];
}
