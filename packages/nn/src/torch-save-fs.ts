/**
 * torch.save / torch.load on files (Node only). fs is fetched at call time through
 * process.getBuiltinModule, so importing this module costs nothing in a browser bundle; there,
 * use torchSerialize/torchDeserialize with ArrayBuffers.
 */
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
    throw new Error('torch.save/torch.load need Node.js (>= 20.16); in a browser use nn.torchSerialize()/nn.torchDeserialize()');
  }
  return proc.getBuiltinModule('node:fs') as NodeFs;
}

/**
 * torch.save: writes `obj` (a state dict, tensor, or container of them) to `path` in PyTorch's
 * zip format, whatever the file's extension (.pt, .pth, .bin, ...), as PyTorch does. The file is
 * written to a temporary name and renamed, so a failure never leaves a half-written checkpoint.
 * @example torch.save(model.stateDict(), 'model.pth');
 */
export function torchSave(obj: unknown, path: string): void {
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
}

/**
 * torch.load: reads a file written by `torch.save` (PyTorch >= 1.6, or torchSave). Only what
 * `torch.load(f, weights_only=True)` allows is rebuilt, so no code from the file runs; see
 * torchDeserialize for how Python values map to JavaScript ones.
 * @example model.loadStateDict(torch.load('model.pth'));
 */
export function torchLoad(path: string, opts: TorchLoadOptions = {}): unknown {
  if (typeof path !== 'string') throw new TypeError(`load(): argument 'f' must be a path string, got ${typeof path}`);
  const data = nodeFs().readFileSync(path);
  return torchDeserialize(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), opts);
}
