/**
 * torch.save / torch.load on files (Node only) and on bytes (everywhere). fs is fetched at call
 * time through process.getBuiltinModule, so importing this module costs nothing in a browser
 * bundle, where `torch.save(obj)` returns the bytes and `torch.load(bytes)` reads them.
 */
import { asBytes, isBytes } from './safetensors';
import { torchSerialize } from './torch-save';
import { torchDeserialize, type TorchLoadOptions } from './torch-save-load';

/** The parts of node:fs used here, typed locally: the browser build has no Node types. */
interface NodeFs {
  writeFileSync(path: string, data: Uint8Array): void;
  readFileSync(path: string): Uint8Array;
  renameSync(oldPath: string, newPath: string): void;
  rmSync(path: string, options: { force: boolean }): void;
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
    throw new Error('torch.save/torch.load with a path need Node.js (>= 20.16); in a browser use the bytes forms: torch.save(obj) returns a Uint8Array, torch.load(bytes) reads one');
  }
  return proc.getBuiltinModule('node:fs') as NodeFs;
}

/**
 * torch.save: writes `obj` (a state dict, tensor, or container of them) to `path` in PyTorch's
 * zip format, whatever the file's extension (.pt, .pth, .bin, ...), as PyTorch does. The file is
 * written to a temporary name and renamed, so a failure never leaves a half-written checkpoint.
 * Without a path (PyTorch's `torch.save(obj, io.BytesIO())`), returns the bytes instead: the form
 * for browsers (`new Blob([torch.save(sd)])`, an upload, IndexedDB).
 * @example torch.save(model.stateDict(), 'model.pth');
 * @example const bytes = torch.save(model.stateDict()); // Uint8Array, in a browser too
 */
export function torchSave(obj: unknown): Uint8Array<ArrayBuffer>;
export function torchSave(obj: unknown, path: string): void;
export function torchSave(obj: unknown, path?: string): Uint8Array<ArrayBuffer> | undefined {
  if (path === undefined) return torchSerialize(obj);
  if (typeof path !== 'string') throw new TypeError(`save(): argument 'f' must be a path string, got ${typeof path}`);
  const fs = nodeFs();
  const bytes = torchSerialize(obj);
  const tmp = `${path}.tmp-${nodeProcess()?.pid ?? 0}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  try {
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, path);
  } catch (e) {
    try { fs.rmSync(tmp, { force: true }); } catch { /* nothing to clean */ }
    throw e;
  }
  return undefined;
}

/**
 * torch.load: reads a file written by `torch.save` (PyTorch >= 1.6, or torchSave). Only what
 * `torch.load(f, weights_only=True)` allows is rebuilt, so no code from the file runs; see
 * torchDeserialize for how Python values map to JavaScript ones. `f` is a path (Node) or the
 * file's bytes (a Uint8Array, ArrayBuffer or other typed array: everywhere, browsers included;
 * for a Blob or a fetch Response, `torch.load(await blob.arrayBuffer())`).
 * @example model.loadStateDict(torch.load('model.pth'));
 * @example model.loadStateDict(torch.load(await (await fetch('model.pth')).arrayBuffer()));
 */
// T is what the caller expects (`model.loadStateDict(torch.load(path))` infers it from the
// parameter type, as Python takes the object unchecked); unknown when nothing says.
export function torchLoad<T = unknown>(f: string | ArrayBufferLike | ArrayBufferView, opts: TorchLoadOptions = {}): T {
  if (isBytes(f)) return torchDeserialize(asBytes(f), opts) as T;
  if (typeof f !== 'string') throw new TypeError(`load(): argument 'f' must be a path string or bytes (Uint8Array, ArrayBuffer), got ${f === null ? 'null' : typeof f}`);
  const data = nodeFs().readFileSync(f);
  return torchDeserialize(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), opts) as T;
}
