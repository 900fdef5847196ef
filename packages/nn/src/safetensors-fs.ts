/**
 * save/load of safetensors files (Node only). fs is fetched at call time through
 * process.getBuiltinModule, so importing this module costs nothing in a browser bundle; there,
 * use serialize/deserialize with ArrayBuffers.
 */
import type { Tensor } from '@torchlet/core';
import type { StateDict } from './module';
import { deserialize, serialize, type SerializeOptions } from './safetensors';

/** The parts of node:fs and process used here, typed locally: the browser build has no Node types. */
interface NodeFs {
  writeFileSync(path: string, data: Uint8Array): void;
  renameSync(oldPath: string, newPath: string): void;
  rmSync(path: string, options: { force: boolean }): void;
  readFileSync(path: string): Uint8Array;
}
interface NodeProcess {
  readonly pid: number;
  getBuiltinModule?(id: string): unknown;
}

function nodeProcess(): NodeProcess | undefined {
  return (globalThis as { process?: NodeProcess }).process;
}

function nodeFs(): NodeFs {
  const proc = nodeProcess();
  if (typeof proc !== 'object' || typeof proc.getBuiltinModule !== 'function') {
    throw new Error('save/load need Node.js (>= 20.16); in a browser use serialize()/deserialize()');
  }
  return proc.getBuiltinModule('node:fs') as NodeFs;
}

/**
 * Writes a state dict to `path` as safetensors, atomically: a temporary file in the same
 * directory, then a rename, so a crash never leaves a half-written file.
 * @example save(model.stateDict(), 'model.safetensors');
 */
export function save(stateDict: StateDict | ReadonlyMap<string, Tensor>, path: string, opts: SerializeOptions = {}): void {
  const fs = nodeFs();
  const bytes = serialize(stateDict, opts);
  const tmp = `${path}.tmp-${nodeProcess()?.pid ?? 0}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
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
