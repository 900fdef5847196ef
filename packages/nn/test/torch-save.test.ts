/**
 * torch.save / torch.load in PyTorch's zip format, against files written by torch.save in
 * PyTorch 1.13 (tools/parity/nn_torch_save.py), and torchlet's files that
 * tools/parity/nn_torch_save_check.py loaded in PyTorch (torchlet_*.pth).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tensor, tensor, zeros } from '@torchlet/core';
import * as nn from '@torchlet/nn';
import { Adam, SGD } from '@torchlet/optim';
import * as torch from '../../torchlet/src/index';
import { writeArchive } from '../src/torch-save-zip';
import { torchletCheckpoints } from './torch-save-cases';

const DIR = join(__dirname, 'fixtures', 'torch_save');
const read = (name: string): Uint8Array => new Uint8Array(readFileSync(join(DIR, name)));
type Expected = { tensor: string; shape: number[]; stride: number[]; offset: number; values: (number | boolean)[]; requires_grad: boolean; parameter: boolean }
  | { dict: [string | number, Expected][] } | { list: Expected[] } | { tuple: Expected[] } | { float: number } | number | string | boolean | null;
const EXPECTED = JSON.parse(readFileSync(join(DIR, 'torch_save.json'), 'utf8')) as Record<string, Expected> & { views_shared: string[] };
/** How each PyTorch dtype loads here. */
const LOADS_AS: Record<string, string> = {};

/** Asserts that a loaded value is what PyTorch loaded from the same file. */
function expectLoaded(v: unknown, e: Expected, where: string): void {
  if (e === null || typeof e !== 'object') { expect([where, v]).toEqual([where, e]); return; }
  if ('tensor' in e) {
    expect(v).toBeInstanceOf(Tensor);
    const t = v as Tensor;
    expect([where, t.dtype, t.shape, t.strides, t.offset]).toEqual([where, LOADS_AS[e.tensor] ?? e.tensor, e.shape, e.stride, e.offset]);
    const plain = t.dtype === 'float16' || t.dtype === 'bfloat16' ? t.float() : t; // half types read as bit patterns
    expect(Array.from(plain.contiguous().toTypedArray(), Number)).toEqual(e.values.map(Number));
    expect([where, t.requiresGrad, t instanceof nn.Parameter]).toEqual([where, e.requires_grad, e.parameter]);
  } else if ('dict' in e) {
    const d = v as Record<string, unknown>;
    expect(Object.keys(d).sort()).toEqual(e.dict.map(([k]) => String(k)).sort());
    for (const [k, x] of e.dict) expectLoaded(d[String(k)], x, `${where}.${k}`);
  } else if ('list' in e || 'tuple' in e) {
    const items = 'list' in e ? e.list : e.tuple;
    expect([where, Array.isArray(v), Object.isFrozen(v)]).toEqual([where, true, 'tuple' in e]);
    expect((v as unknown[]).length).toBe(items.length);
    items.forEach((x, i) => expectLoaded((v as unknown[])[i], x, `${where}[${i}]`));
  } else expect([where, v]).toEqual([where, e.float]);
}

describe('torchDeserialize: files written by torch.save', () => {
  for (const name of ['linear_bn.pth', 'sgd_momentum.pth', 'adam.pth', 'views.pth', 'containers.pth', 'plain_tensor.pth', 'tensor_list.pth']) {
    test(name, () => expectLoaded(nn.torchDeserialize(read(name)), EXPECTED[name]!, name));
  }

  test('views keep sharing one storage, with their strides and offsets', () => {
    const d = nn.torchDeserialize(read('views.pth')) as Record<string, Tensor>;
    const shared = Object.keys(d).filter((k) => d[k]!.storage === d.base!.storage).sort();
    expect(shared).toEqual(EXPECTED.views_shared);
    d.base!.fill_(7); // writes through to the views, as in PyTorch
    expect(d.column!.tolist()).toEqual([7, 7, 7, 7]);
  });

  test('a module loads the state dict (num_batches_tracked stays int64)', () => {
    const model = new nn.Sequential(new nn.Linear(3, 4), new nn.BatchNorm1d(4));
    const sd = nn.torchDeserialize(read('linear_bn.pth')) as Record<string, Tensor>;
    expect(model.loadStateDict(sd)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    const mine = model.stateDict();
    for (const k of Object.keys(sd)) expect(mine[k]!.tolist()).toEqual(sd[k]!.tolist());
    expect(mine['1.num_batches_tracked']!.dtype).toBe('int64');
    expect(mine['1.num_batches_tracked']!.item()).toBe(2);
    // the OrderedDict's _metadata stays an attribute, not a key
    expect(Object.keys(sd)).not.toContain('_metadata');
    expect(Reflect.get(sd, '_metadata')).toBeDefined();
  });

  test.each([['sgd_momentum.pth', 'momentum_buffer'], ['adam.pth', 'exp_avg']])('an optimizer loads PyTorch\'s %s', (name, key) => {
    const model = new nn.Sequential(new nn.Linear(3, 4), new nn.BatchNorm1d(4));
    const opt = name.startsWith('sgd') ? new SGD(model.parameters(), { lr: 1 }) : new Adam(model.parameters(), { lr: 1 });
    const sd = nn.torchDeserialize(read(name)) as { state: Record<string, Record<string, Tensor>>; param_groups: Record<string, unknown>[] };
    opt.loadStateDict(sd);
    const mine = opt.stateDict();
    expect(mine.param_groups[0]!.lr).toBe(sd.param_groups[0]!.lr);
    for (const i of [0, 1, 2, 3]) expect((mine.state[i]![key] as Tensor).tolist()).toEqual(sd.state[String(i)]![key]!.tolist());
  });
});

describe('torchSerialize: files PyTorch loads', () => {
  test('the bytes are those nn_torch_save_check.py verified in PyTorch', () => {
    for (const [name, bytes] of torchletCheckpoints(read)) expect([name, Buffer.from(bytes).equals(Buffer.from(read(name)))]).toEqual([name, true]);
  });

  test('views save one storage (only the covered part) and load as views', () => {
    const big = zeros(1000);
    const a = big.narrow(0, 10, 6).reshape(2, 3), b = a.t();
    const bytes = nn.torchSerialize({ a, b });
    expect(bytes.length).toBeLessThan(2000);
    const back = nn.torchDeserialize(bytes) as Record<string, Tensor>;
    expect(back.a!.storage).toBe(back.b!.storage);
    expect([back.b!.strides, back.b!.offset, back.a!.offset]).toEqual([[1, 3], 0, 0]);
  });

  test('values JavaScript cannot express in pickle are refused with their path', () => {
    expect(() => nn.torchSerialize({ a: { b: () => 1 } })).toThrow('torchSave: cannot save a function (at a.b)');
    expect(() => nn.torchSerialize([new Date(0)])).toThrow('torchSave: cannot save a Date (at [0])');
  });

  test('torch.save / torch.load on files (and nn.save stays safetensors)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'torchlet-torch-save-'));
    try {
      const path = join(dir, 'model.pth');
      torch.save({ w: tensor([1, 2]).float(), step: 3 }, path);
      const back = torch.load<{ w: Tensor; step: number }>(path);
      expect([back.w.tolist(), back.step]).toEqual([[1, 2], 3]);
      nn.save({ w: tensor([1]).float() }, join(dir, 'x.safetensors'));
      expect(() => torch.load(join(dir, 'x.safetensors'))).toThrow('this looks like a safetensors file: load it with nn.load');
      expect(() => torch.load(path, { map_location: 'cpu' } as never)).toThrow("load() got an unexpected keyword argument 'map_location' (did you mean 'mapLocation'?)");
      expect(() => torch.load(path, { mapLocation: 'cuda:0' })).toThrow("mapLocation cuda:0: only 'cpu' tensors exist");
      expect(() => torch.load(path, { weightsOnly: false })).toThrow('weightsOnly: false is not supported');
      writeFileSync(path, readFileSync(path).subarray(0, 300));
      expect(() => torch.load(path)).toThrow('torchLoad: not a valid zip archive, or a truncated one');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A checkpoint whose data.pkl is `pkl` (bytes or latin-1 text), with optional storage records. */
function craft(pkl: string | Uint8Array, records: [string, Uint8Array][] = []): Uint8Array {
  const bytes = typeof pkl === 'string' ? Uint8Array.from(pkl, (c) => c.charCodeAt(0)) : pkl;
  return writeArchive([['archive/data.pkl', bytes], ...records.map(([k, v]): [string, Uint8Array] => [`archive/data/${k}`, v]), ['archive/version', new TextEncoder().encode('3\n')]]);
}
const tensorPickle = (numel: number, size: number): string => '\x80\x02ctorch._utils\n_rebuild_tensor_v2\n((X\x07\x00\x00\x00storagectorch\nFloatStorage\n'
  + `X\x01\x00\x00\x000X\x03\x00\x00\x00cpuJ${String.fromCharCode(numel & 255, (numel >> 8) & 255, (numel >> 16) & 255, numel >>> 24)}tQK\x00M${String.fromCharCode(size & 255, size >> 8)}\x85K\x01\x85\x89NtR.`;

describe('torchDeserialize refuses hostile and broken files', () => {
  test.each([
    ['evil_global.pth', 'Trying to load unsupported GLOBAL posix.system whose module posix is blocked.'],
    ['legacy.pth', "PyTorch's legacy (non-zip) format, written by torch < 1.6"],
    ['complex.pth', 'storage type torch.ComplexFloatStorage is not supported'],
  ])('%s', (name, message) => expect(() => nn.torchDeserialize(read(name))).toThrow(message));

  test('int64_big.pth: an int64 past int32 loads as int64 (past 2^53 it raises: safetensors-dtypes.test.ts)', () => {
    const t = (nn.torchDeserialize(read('int64_big.pth')) as Record<string, Tensor>).counter!;
    expect([t.dtype, Array.from(t.toTypedArray())]).toEqual(['int64', [5000000000]]);
  });

  test.each([
    ['a GLOBAL outside the allow-list', '\x80\x02cbuiltins\neval\n.', 'Unsupported global: GLOBAL builtins.eval was not an allowed global by default'],
    ['a Python 2 name outside it', '\x80\x02c__builtin__\ngetattr\n.', 'Unsupported global: GLOBAL builtins.getattr'],
    ['REDUCE of something not a global', '\x80\x02X\x01\x00\x00\x00x)R.', 'Trying to call reduce for unrecognized function str'],
    ['NEWOBJ of a non-Parameter', '\x80\x02ccollections\nOrderedDict\n)\x81.', 'Can only create new object for nn.Parameter, but got collections.OrderedDict'],
    ['BUILD on a list', '\x80\x02]}b.', 'Can only build Tensor, Parameter or OrderedDict objects, but got list'],
    ['APPEND to a tuple', '\x80\x02)K\x01a.', 'Can only append to lists, but got tuple'],
    ['an opcode weights_only lacks (INST)', '\x80\x02(i__main__\nX\n.', 'Unsupported operand 105'],
    ['a persistent id that is not a storage', '\x80\x02X\x01\x00\x00\x00xK\x01\x86Q.', 'Only persistent_load of storage is allowed, but got str'],
    ['a stack underflow', '\x80\x02s.', 'corrupt pickle data (stack underflow)'],
    ['a truncated pickle', '\x80\x02X\xff\x00\x00\x00ab', 'corrupt pickle data (ran out of data at byte 7 (needed 255 more))'],
    ['an unknown memo key', '\x80\x02h\x05.', 'corrupt pickle data (memo key 5 was never stored)'],
  ])('%s', (_, pkl, message) => expect(() => nn.torchDeserialize(craft(pkl))).toThrow(message));

  test('storages and views are checked against the records', () => {
    const four = new Uint8Array(16);
    expect((nn.torchDeserialize(craft(tensorPickle(4, 4), [['0', four]])) as Tensor).tolist()).toEqual([0, 0, 0, 0]);
    expect(() => nn.torchDeserialize(craft(tensorPickle(4, 4)))).toThrow("storage '0' has no record archive/data/0");
    expect(() => nn.torchDeserialize(craft(tensorPickle(1_000_000, 4), [['0', four]]))).toThrow("storage '0' record holds 16 bytes, but 1000000 elements of torch.FloatStorage need 4000000");
    expect(() => nn.torchDeserialize(craft(tensorPickle(4, 5), [['0', four]]))).toThrow("reaches past the 4 elements of storage '0'");
  });

  test('a record claiming a huge inflated size is refused before inflating (zip bomb)', () => {
    const bytes = craft('\x80\x02N.');
    // mark the first central-directory entry as deflated with a 2 GiB uncompressed size
    const view = new DataView(bytes.buffer);
    let at = bytes.length - 22;
    at = view.getUint32(at + 16, true);
    view.setUint16(at + 10, 8, true);
    view.setUint32(at + 24, 0x7fffffff, true);
    expect(() => nn.torchDeserialize(bytes)).toThrow('compressed records would inflate to over 1073741824 bytes (a zip bomb?)');
  });

  test('truncated and non-checkpoint bytes', () => {
    const good = read('linear_bn.pth');
    expect(() => nn.torchDeserialize(good.subarray(0, good.length - 30))).toThrow('not a valid zip archive, or a truncated one');
    expect(() => nn.torchDeserialize(new Uint8Array([1, 2]))).toThrow('not a PyTorch checkpoint: only 2 bytes');
    expect(() => nn.torchDeserialize(Uint8Array.from('\x80\x02N.', (c) => c.charCodeAt(0)))).toThrow('a bare pickle, not a torch.save checkpoint');
  });
});
