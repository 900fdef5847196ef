/**
 * save/load of safetensors files (Node only) and bytes (everywhere). fs is fetched at call time
 * through process.getBuiltinModule, so importing this module costs nothing in a browser bundle,
 * where `save(sd)` returns the bytes and `load(bytes)` reads them.
 */
import type { Tensor } from '@torchlet/core';
import type { StateDict } from './module';
import {
  asBytes, decode, deserialize, emitTensorBytes, isBytes, putTensor, headerLength, lengthPrefix, planSerialize, selectEntries, serialize,
  type DeserializeOptions, type SerializeOptions,
} from './safetensors';
import { checkLayout, fail, parseHeader } from './safetensors-header';

/** The parts of node:fs and process used here, typed locally: the browser build has no Node types. */
interface NodeFs {
  openSync(path: string, flags: string): number;
  closeSync(fd: number): void;
  fstatSync(fd: number): { size: number };
  fsyncSync(fd: number): void;
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  renameSync(oldPath: string, newPath: string): void;
  rmSync(path: string, options: { force: boolean }): void;
}
interface NodeProcess {
  readonly pid: number;
  getBuiltinModule?(id: string): unknown;
}

/** Bytes per read call (Node's single read/write is limited to 2 GiB). */
const IO_CHUNK = 1 << 30;
/** Consecutive small tensors are read together in blocks of up to this many bytes. */
const BLOCK = 1 << 26;

function nodeProcess(): NodeProcess | undefined {
  return (globalThis as { process?: NodeProcess }).process;
}

function nodeFs(): NodeFs {
  const proc = nodeProcess();
  if (typeof proc !== 'object' || typeof proc.getBuiltinModule !== 'function') {
    throw new Error('save/load with a path need Node.js (>= 20.16); in a browser use the bytes forms: save(stateDict) returns a Uint8Array, load(bytes) reads one');
  }
  return proc.getBuiltinModule('node:fs') as NodeFs;
}

/**
 * Writes a state dict to `path` as safetensors, atomically: a temporary file in the same
 * directory, then a rename, so a crash never leaves a half-written file. The data is streamed
 * tensor by tensor in chunks of at most 64 MiB, so files over 2 GiB are fine. Without a path
 * (undefined), returns the bytes instead (as serialize): the form for browsers.
 * @example save(model.stateDict(), 'model.safetensors');
 * @example const blob = new Blob([save(model.stateDict())]); // in a browser
 */
export function save(stateDict: StateDict | ReadonlyMap<string, Tensor>): Uint8Array<ArrayBuffer>;
export function save(stateDict: StateDict | ReadonlyMap<string, Tensor>, path: undefined, opts?: SerializeOptions): Uint8Array<ArrayBuffer>;
export function save(stateDict: StateDict | ReadonlyMap<string, Tensor>, path: string, opts?: SerializeOptions): void;
export function save(stateDict: StateDict | ReadonlyMap<string, Tensor>, path?: string, opts: SerializeOptions = {}): Uint8Array<ArrayBuffer> | undefined {
  if (path === undefined) return serialize(stateDict, opts);
  if (typeof path !== 'string') throw new TypeError(`save: the path must be a string, got ${typeof path}`);
  const fs = nodeFs();
  const plan = planSerialize(stateDict, opts);
  const tmp = `${path}.tmp-${nodeProcess()?.pid ?? 0}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  let fd = -1;
  try {
    fd = fs.openSync(tmp, 'w');
    const write = (chunk: Uint8Array): void => {
      for (let p = 0; p < chunk.length;) p += fs.writeSync(fd, chunk, p, Math.min(chunk.length - p, IO_CHUNK));
    };
    write(lengthPrefix(plan.header.length));
    write(plan.header);
    for (const t of plan.tensors) emitTensorBytes(t, write);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = -1;
    fs.renameSync(tmp, path);
  } catch (e) {
    if (fd !== -1) try { fs.closeSync(fd); } catch { /* already failing */ }
    try { fs.rmSync(tmp, { force: true }); } catch { /* nothing to clean */ }
    throw e;
  }
  return undefined;
}

/**
 * Reads a safetensors file into a state dict (validated before anything is returned; a
 * null-prototype object). The header is read first, then each tensor's byte range, so files over
 * 2 GiB load, and `keys` reads only the tensors named. Given bytes (a Uint8Array, ArrayBuffer or
 * other typed array) instead of a path, reads them (as deserialize): the form for browsers.
 * @example model.loadStateDict(load('model.safetensors'));
 * @example model.loadStateDict(load(await blob.arrayBuffer())); // in a browser
 */
export function load(path: string | ArrayBufferLike | ArrayBufferView, opts: DeserializeOptions = {}): StateDict {
  if (isBytes(path)) return deserialize(asBytes(path), opts);
  if (typeof path !== 'string') throw new TypeError(`load: expected a path string or bytes (Uint8Array, ArrayBuffer), got ${path === null ? 'null' : typeof path}`);
  const fs = nodeFs();
  const fd = fs.openSync(path, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const read = (length: number, position: number): Uint8Array => {
      const buf = new Uint8Array(length);
      for (let p = 0; p < length;) {
        const got = fs.readSync(fd, buf, p, Math.min(length - p, IO_CHUNK), position + p);
        if (got === 0) fail(`truncated file: ${path} ended at byte ${position + p} while reading`);
        p += got;
      }
      return buf;
    };
    const n = headerLength(read(Math.min(size, 8), 0), size);
    const h = parseHeader(read(n, 8));
    const start = 8 + n;
    checkLayout(h, size - start);
    const chosen = selectEntries(h, opts.keys);
    // read runs of adjacent tensors (in offset order) as one block, then cut it per tensor
    const order = chosen.slice().sort((a, b) => h.begins[a]! - h.begins[b]!);
    const decoded = new Map<number, Tensor>();
    for (let k = 0; k < order.length;) {
      const first = order[k]!;
      let last = k;
      while (last + 1 < order.length && h.begins[order[last + 1]!] === h.ends[order[last]!] && h.ends[order[last + 1]!]! - h.begins[first]! <= BLOCK) last++;
      const blockStart = h.begins[first]!;
      const block = read(h.ends[order[last]!]! - blockStart, start + blockStart);
      for (; k <= last; k++) {
        const i = order[k]!;
        decoded.set(i, decode(h, i, block.subarray(h.begins[i]! - blockStart, h.ends[i]! - blockStart)));
      }
    }
    const out = Object.create(null) as StateDict;
    for (const i of chosen) putTensor(out, h.names[i]!, decoded.get(i)!);
    return out;
  } finally {
    fs.closeSync(fd);
  }
}
