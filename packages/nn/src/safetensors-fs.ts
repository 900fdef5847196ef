/**
 * save/load of safetensors files (Node only). fs is fetched at call time through
 * process.getBuiltinModule, so importing this module costs nothing in a browser bundle; there,
 * use serialize/deserialize with ArrayBuffers.
 */
import type { Tensor } from '@torchlet/core';
import type { StateDict } from './module';
import { deserialize, serialize, type SerializeOptions } from './safetensors';

function nodeFs(): typeof import('node:fs') {
  if (typeof process !== 'object' || typeof process.getBuiltinModule !== 'function') {
    throw new Error('save/load need Node.js (>= 20.16); in a browser use serialize()/deserialize()');
  }
  return process.getBuiltinModule('node:fs');
}

/**
 * Writes a state dict to `path` as safetensors, atomically: a temporary file in the same
 * directory, then a rename, so a crash never leaves a half-written file.
 * @example save(model.stateDict(), 'model.safetensors');
 */
export function save(stateDict: StateDict | ReadonlyMap<string, Tensor>, path: string, opts: SerializeOptions = {}): void {
  const fs = nodeFs();
  const bytes = serialize(stateDict, opts);
  const tmp = `${path}.tmp-${process.pid}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  try {
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, path);
  } catch (e) {
    try { fs.rmSync(tmp, { force: true }); } catch { /* nothing to clean */ }
    throw e;
  }
}

/**
 * Reads a safetensors file into a state dict (validated before anything is returned).
 * @example model.loadStateDict(load('model.safetensors'));
 */
export function load(path: string): StateDict {
  const buf = nodeFs().readFileSync(path);
  return deserialize(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
}
