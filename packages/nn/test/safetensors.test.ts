/**
 * safetensors: a PyTorch-written file loads into torchlet and gives PyTorch's outputs
 * (tools/parity/nn_safetensors.py), torchlet's own file is stable byte for byte (and loads into
 * PyTorch, checked by that script), every dtype reads, round trips are exact, bad files raise
 * clear errors and leave the model untouched, writes are atomic.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualSeed, noGrad, randn, tensor, zeros } from '@torchlet/core';
import * as nn from '@torchlet/nn';
import fixture from './fixtures/safetensors.json';
import dtypes from './fixtures/dtypes.json';
import mine from './fixtures/torchlet_model.json';
import { craftSafetensors, expectClose, expectExact, fromJson, values, type TensorJson } from './helpers';
import { SmallNet } from './small-net';

const FIXTURES = join(__dirname, 'fixtures');
const read = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, name)));

/** A header-only buffer with the given JSON header and `dataBytes` zero bytes of data. */
function craft(header: unknown, dataBytes: number): Uint8Array {
  return craftSafetensors(JSON.stringify(header), new Uint8Array(dataBytes));
}

describe('interchange with PyTorch', () => {
  it('loads a state dict PyTorch wrote and reproduces its output', () => {
    const sd = nn.deserialize(read('torch_model.safetensors'));
    expect(Object.keys(sd).sort()).toEqual([...fixture.keys].sort());
    expect(sd['bn.num_batches_tracked']!.dtype).toBe('int64');
    const net = new SmallNet();
    net.loadStateDict(sd);
    net.eval();
    expectClose(noGrad(() => net(fromJson(fixture.input as TensorJson))), fixture.output);
  });

  it('writes the file that PyTorch loads (byte for byte the committed fixture)', () => {
    manualSeed(1);
    const net = new SmallNet();
    noGrad(() => net(randn(6, 1, 4, 4)));
    net.eval();
    const x = randn(3, 1, 4, 4);
    expectExact(x, mine.input);
    expectExact(noGrad(() => net(x)), mine.output);
    const bytes = nn.serialize(net.stateDict(), { metadata: { format: 'pt', producer: 'torchlet' } });
    expect(Buffer.from(bytes).equals(Buffer.from(read('torchlet_model.safetensors')))).toBe(true);
  });

  it('reads every dtype (halves as float16/bfloat16, small integers as int32, I64 as int64)', () => {
    const sd = nn.deserialize(read('dtypes.safetensors'));
    for (const [k, v] of Object.entries(dtypes)) {
      const t = sd[k]!;
      expect(t.shape).toEqual(v.shape);
      expect(values(t.dtype === 'float16' || t.dtype === 'bfloat16' ? t.float() : t)).toEqual(v.values.map((x: number | boolean) => Number(x)));
    }
    expect(sd.f16!.dtype).toBe('float16');
    expect(sd.bf16!.dtype).toBe('bfloat16');
    expect(sd.i64!.dtype).toBe('int64');
    expect(sd.bool!.dtype).toBe('bool');
    expect(sd.f64!.dtype).toBe('float64');
  });
});

describe('format details', () => {
  it('round-trips every torchlet dtype exactly, with metadata; int32 is written as I32, int64 as I64', () => {
    const sd = {
      a: tensor([[1.5, -2.25], [3, 4]]), b: tensor([1e-300, 2], { dtype: 'float64' }), c: tensor([-7, 2147483647]),
      d: tensor([true, false]), e: zeros(0, 3), f: tensor(2.5), g: randn(3, 4).t(), h: tensor([2 ** 40, -3], { dtype: 'int64' }),
    };
    const bytes = nn.serialize(sd, { metadata: { note: 'hi' } });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(n % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, { dtype: string }>;
    expect(header.c!.dtype).toBe('I32');
    expect(header.h!.dtype).toBe('I64');
    const back = nn.deserializeWithMetadata(bytes);
    expect(back.metadata).toEqual({ note: 'hi' });
    for (const [k, t] of Object.entries(sd)) {
      expect(back.tensors[k]!.dtype).toBe(t.dtype);
      expectExact(back.tensors[k]!, t);
    }
    expect(nn.deserialize(nn.serialize(new Map([['x', tensor([1, 2]).float()]]))).x!.tolist()).toEqual([1, 2]);
  });

  it.each([
    ['too short', new Uint8Array(5), 'file too short (5 bytes)'],
    ['header past the end', craft({}, 0).subarray(0, 9), 'truncated file: the header needs 2 bytes but only 1 follow the length'],
    ['bad JSON', (() => { const b = craft({ a: 1 }, 0); b[9] = 0x7b; b[10] = 0x7b; return b; })(), 'invalid JSON header'],
    ['not an object', craft([1, 2], 0), 'the header is not a JSON object'],
    ['unknown dtype', craft({ w: { dtype: 'F8_E4M3', shape: [1], data_offsets: [0, 1] } }, 1), "tensor 'w' has unknown dtype 'F8_E4M3'"],
    ['size mismatch', craft({ w: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }, 4), "tensor 'w' of dtype F32 and shape [2] needs 8 bytes but data_offsets span 4"],
    ['truncated data', craft({ w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, 5), "truncated file: tensor 'w' needs bytes [0, 8) but the data section has 5 bytes"],
    ['gap', craft({ w: { dtype: 'U8', shape: [1], data_offsets: [1, 2] } }, 2), "tensor 'w' starts at byte 1, expected 0"],
    ['trailing bytes', craft({ w: { dtype: 'U8', shape: [1], data_offsets: [0, 1] } }, 3), '2 unexpected bytes after the last tensor'],
    ['int64 overflow', (() => {
      const b = craft({ w: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, 8);
      new DataView(b.buffer).setBigInt64(b.length - 8, 1n << 60n, true);
      return b;
    })(), "tensor 'w': I64 value 1152921504606846976 cannot be converted to type int64 without overflow (torchlet's int64 holds integers up to 2^53 exactly)"],
  ] as const)('rejects a corrupt buffer: %s', (_n, bytes, message) => {
    expect(() => nn.deserialize(bytes)).toThrow(`safetensors: ${message}`);
  });

  it('a mismatched checkpoint raises PyTorch\'s message and leaves the model untouched', () => {
    manualSeed(0);
    const net = new SmallNet();
    const before = net.parameters().map((p) => p.tolist());
    const sd = nn.deserialize(read('torch_model.safetensors'));
    sd['fc.weight'] = zeros(3, 16);
    expect(() => net.loadStateDict(sd)).toThrow(
      'size mismatch for fc.weight: copying a param with shape torch.Size([3, 16]) from checkpoint, the shape in current model is torch.Size([3, 32]).');
    expect(net.parameters().map((p) => p.tolist())).toEqual(before);
  });
});

describe('save and load files', () => {
  let dir = '';
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'torchlet-nn-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('saves atomically (no temporary file left) and loads back', () => {
    manualSeed(3);
    const net = new SmallNet();
    const path = join(dir, 'model.safetensors');
    nn.save(net.stateDict(), path);
    nn.save(net.stateDict(), path);
    expect(readdirSync(dir)).toEqual(['model.safetensors']);
    const other = new SmallNet();
    other.loadStateDict(nn.load(path));
    for (const [k, t] of Object.entries(net.stateDict())) expectExact(other.stateDict()[k]!, t);
  });

  it('a failed write leaves nothing behind and keeps the old file', () => {
    const path = join(dir, 'model.safetensors');
    nn.save({ w: tensor([1, 2]).float() }, path);
    expect(() => nn.save(JSON.parse('{"w": "nope"}'), path)).toThrow("serialize: 'w' is not a Tensor");
    expect(() => nn.save({ w: zeros(1) }, join(dir, 'missing-dir', 'x.safetensors'))).toThrow();
    expect(readdirSync(dir)).toEqual(['model.safetensors']);
    expect(nn.load(path).w!.tolist()).toEqual([1, 2]);
    expect(existsSync(join(dir, 'missing-dir'))).toBe(false);
  });
});
