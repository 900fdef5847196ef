/**
 * The bytes forms of torch.save/torch.load and of safetensors save/load, the ones a browser uses
 * (no file system): save without a path returns the file's bytes, load takes bytes in any form
 * (Uint8Array, ArrayBuffer, a view into a larger buffer, a Blob's arrayBuffer()).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualSeed, Tensor, tensor } from '@torchlet/core';
import * as nn from '@torchlet/nn';
import * as torch from '../../torchlet/src/index';

const FIXTURES = join(__dirname, 'fixtures');
let dir = '';
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'torchlet-bytes-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function model(): nn.Sequential {
  manualSeed(0);
  return new nn.Sequential(new nn.Linear(3, 4), new nn.ReLU(), new nn.Linear(4, 2));
}

/** name -> [shape, values] of a state dict, for comparing two of them. */
function contents(sd: Record<string, unknown>): [string, number[], number[]][] {
  return Object.keys(sd).sort().map((k) => {
    const t = sd[k] as Tensor;
    return [k, t.shape, Array.from(t.toTypedArray(), Number)];
  });
}

/** The same bytes inside a larger buffer, at an odd offset. */
function embedded(bytes: Uint8Array): Uint8Array {
  const big = new Uint8Array(bytes.length + 13);
  big.set(bytes, 7);
  return big.subarray(7, 7 + bytes.length);
}

describe('torch.save / torch.load on bytes', () => {
  test('torch.save without a path returns the bytes it writes to a file', () => {
    const sd = model().stateDict();
    const bytes = torch.save(sd);
    expect(bytes).toBeInstanceOf(Uint8Array);
    const path = join(dir, 'm.pth');
    expect(torch.save(sd, path)).toBeUndefined();
    expect(Buffer.from(bytes).equals(readFileSync(path))).toBe(true);
    expect(Buffer.from(bytes).equals(Buffer.from(nn.torchSerialize(sd)))).toBe(true);
  });

  test('torch.load reads a Uint8Array, an ArrayBuffer, a view at an offset and a Blob', async () => {
    const sd = model().stateDict();
    const want = contents(sd);
    const bytes = torch.save(sd);
    expect(want.length).toBe(4);
    expect(contents(torch.load<Record<string, unknown>>(bytes))).toEqual(want);
    expect(contents(torch.load<Record<string, unknown>>(bytes.buffer))).toEqual(want);
    expect(contents(torch.load<Record<string, unknown>>(embedded(bytes)))).toEqual(want);
    const blob = new Blob([bytes]);
    expect(contents(torch.load<Record<string, unknown>>(await blob.arrayBuffer()))).toEqual(want);
  });

  test('a PyTorch checkpoint loads the same from bytes as from its path', () => {
    const path = join(FIXTURES, 'torch_save', 'linear_bn.pth');
    const file = readFileSync(path);
    const fromBytes = torch.load<Record<string, unknown>>(new Uint8Array(file).buffer);
    expect(contents(fromBytes)).toEqual(contents(torch.load<Record<string, unknown>>(path)));
    expect(Object.keys(fromBytes).length).toBeGreaterThan(0);
  });

  test('a tensor and containers round-trip through bytes', () => {
    const obj = { t: tensor([[1.5, -2], [3, 4]]), list: [tensor([1, 2, 3], { dtype: 'int32' }), 7], name: 'x' };
    const back = torch.load<{ t: Tensor; list: [Tensor, number]; name: string }>(torch.save(obj));
    expect(back.t.tolist()).toEqual([[1.5, -2], [3, 4]]);
    expect(back.list[0].dtype).toBe('int32');
    expect(back.list[0].tolist()).toEqual([1, 2, 3]);
    expect([back.list[1], back.name]).toEqual([7, 'x']);
  });

  test('torch.load names what it takes when given something else', () => {
    expect(() => torch.load(42 as unknown as string)).toThrow(new TypeError("load(): argument 'f' must be a path string or bytes (Uint8Array, ArrayBuffer), got number"));
    expect(() => torch.load(null as unknown as string)).toThrow("got null");
    expect(() => torch.save({}, 42 as unknown as string)).toThrow("save(): argument 'f' must be a path string, got number");
  });
});

describe('safetensors save / load on bytes', () => {
  test('save without a path returns what it writes to a file; load reads it back in every byte form', async () => {
    const sd = model().stateDict();
    const want = contents(sd);
    const bytes = nn.save(sd);
    const path = join(dir, 'm.safetensors');
    expect(nn.save(sd, path)).toBeUndefined();
    expect(Buffer.from(bytes).equals(readFileSync(path))).toBe(true);
    expect(Buffer.from(nn.save(sd, undefined, { metadata: { a: 'b' } })).equals(Buffer.from(nn.serialize(sd, { metadata: { a: 'b' } })))).toBe(true);
    for (const form of [bytes, bytes.buffer, embedded(bytes), await new Blob([bytes]).arrayBuffer()]) {
      expect(contents(nn.load(form))).toEqual(want);
      expect(contents(nn.deserialize(form))).toEqual(want);
    }
    expect(contents(nn.load(bytes, { keys: ['0.bias'] }))).toEqual(want.filter(([k]) => k === '0.bias'));
  });

  test('a PyTorch-written file loads the same from an ArrayBuffer as from its path', () => {
    const path = join(FIXTURES, 'torch_model.safetensors');
    const fromBuffer = nn.deserialize(new Uint8Array(readFileSync(path)).buffer);
    expect(contents(fromBuffer)).toEqual(contents(nn.load(path)));
    expect(Object.keys(fromBuffer).length).toBeGreaterThan(0);
  });

  test('load and deserialize name what they take when given something else', () => {
    expect(() => nn.load(7 as unknown as string)).toThrow(new TypeError('load: expected a path string or bytes (Uint8Array, ArrayBuffer), got number'));
    expect(() => nn.deserialize('x' as unknown as Uint8Array)).toThrow(new TypeError('deserialize: expected bytes (Uint8Array, ArrayBuffer), got string'));
  });
});
