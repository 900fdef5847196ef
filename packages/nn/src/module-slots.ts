/**
 * Module's name registry: which own properties are parameters, buffers and child modules, in
 * registration order. Registration is found by syncing with the own properties (no Proxy): see
 * packages/nn/README.md. Free functions over the owner, so module.ts keeps only the API.
 */
import { Tensor } from '@torchlet/core';
import { Parameter } from './parameter';
import { typeName } from './repr';

/** The registered names of one module, in order, and its non-persistent buffers. */
export interface Slots {
  readonly params: string[];
  readonly buffers: string[];
  readonly modules: string[];
  readonly nonPersistent: Set<string>;
}

/** An empty registry. */
export function newSlots(): Slots {
  return { params: [], buffers: [], modules: [], nonPersistent: new Set() };
}

/** Removes `name` from every list (it is about to be registered as something else). */
function dropName(s: Slots, name: string): void {
  for (const list of [s.params, s.buffers, s.modules]) {
    const i = list.indexOf(name);
    if (i >= 0) list.splice(i, 1);
  }
  s.nonPersistent.delete(name);
}

/** An own data property holding undefined (a declared class field) may be registered. */
export function isEmptySlot(owner: object, name: string): boolean {
  return Object.hasOwn(owner, name) && Reflect.get(owner, name) === undefined;
}

/** PyTorch's checks on a parameter or buffer name. */
export function checkSlotName(owner: object, name: string, kind: 'parameter' | 'buffer', own: readonly string[]): void {
  if (name.includes('.')) throw new Error(`${kind} name can't contain "."`);
  if (name === '') throw new Error(`${kind} name can't be empty string ""`);
  if (name in owner && !own.includes(name) && !isEmptySlot(owner, name)) throw new Error(`attribute '${name}' already exists`);
}

/** PyTorch's checks on a value registered as a parameter. */
export function checkParameterValue(name: string, param: unknown): void {
  if (param !== null && !(param instanceof Parameter)) {
    throw new TypeError(`cannot assign '${typeName(param)}' object to parameter '${name}' (torch.nn.Parameter or None required)`);
  }
  if (param !== null && param.gradFn !== null) {
    throw new Error(`Cannot assign non-leaf Tensor to parameter '${name}'. Model parameters must be created explicitly. ` +
      `To express '${name}' as a function of another Tensor, compute the value in the forward() method.`);
  }
}

/** PyTorch's check on a value registered as a buffer. */
export function checkBufferValue(name: string, tensor: unknown): void {
  if (tensor !== null && !(tensor instanceof Tensor)) {
    throw new TypeError(`cannot assign '${typeName(tensor)}' object to buffer '${name}' (torch Tensor or None required)`);
  }
}

/** Registers `name` in `list` (moving it from another list) and sets the property. */
export function placeSlot(owner: object, s: Slots, list: string[], name: string, value: unknown): void {
  if (!list.includes(name)) {
    dropName(s, name);
    list.push(name);
  }
  Reflect.set(owner, name, value);
}

/** Drops names whose own property was deleted. */
function pruneDeleted(owner: object, list: string[]): void {
  for (let i = list.length - 1; i >= 0; i--) if (!Object.hasOwn(owner, list[i]!)) list.splice(i, 1);
}

/**
 * Brings the name lists up to date with the owner's own properties: assigned Parameters and
 * modules register themselves; a registered name holding the wrong kind of value raises
 * PyTorch's TypeError. `isModule` is Module's instanceof (this file cannot import Module).
 */
export function syncSlots(owner: object, s: Slots, isModule: (v: unknown) => boolean): Slots {
  pruneDeleted(owner, s.params);
  pruneDeleted(owner, s.buffers);
  pruneDeleted(owner, s.modules);
  for (const key of Object.keys(owner)) {
    const v: unknown = Reflect.get(owner, key);
    if (v instanceof Parameter) {
      if (!s.params.includes(key)) { dropName(s, key); s.params.push(key); }
    } else if (isModule(v)) {
      if (!s.modules.includes(key)) { dropName(s, key); s.modules.push(key); }
    } else if (v !== null && v !== undefined) {
      if (s.params.includes(key)) throw new TypeError(`cannot assign '${typeName(v)}' as parameter '${key}' (torch.nn.Parameter or None expected)`);
      if (s.modules.includes(key)) throw new TypeError(`cannot assign '${typeName(v)}' as child module '${key}' (torch.nn.Module or None expected)`);
      if (s.buffers.includes(key) && !(v instanceof Tensor)) throw new TypeError(`cannot assign '${typeName(v)}' as buffer '${key}' (torch.Tensor or None expected)`);
    }
  }
  return s;
}
