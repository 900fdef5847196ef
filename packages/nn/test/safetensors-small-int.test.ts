/**
 * uint8, int8 and int16 in checkpoints (fixtures/safetensors-small-int.json from
 * tools/parity/nn_safetensors_small_int.py, torch 1.13): PyTorch's safetensors U8/I8/I16 and
 * torch.save Byte/Char/ShortStorage load without widening (Uint8Array, Int8Array, Int16Array) and
 * save back to the same bytes; views into one uint8 storage keep sharing it.
 */
import { Tensor, int16, tensor } from '@torchlet/core';
import * as nn from '@torchlet/nn';
import fixture from './fixtures/safetensors-small-int.json';

type Entry = { dtype: string; shape: number[]; values: number[] };
const bytesOf = (b64: string): Uint8Array => new Uint8Array(Buffer.from(b64, 'base64'));
const ARRAY: Record<string, unknown> = { uint8: Uint8Array, int8: Int8Array, int16: Int16Array, float32: Float32Array };

function expectTensors(sd: Record<string, unknown>, want: Record<string, Entry>): void {
  for (const [name, e] of Object.entries(want)) {
    const t = sd[name] as Tensor;
    expect([name, t.dtype, t.shape]).toEqual([name, e.dtype, e.shape]);
    const a = t.contiguous().toTypedArray();
    expect([name, a.constructor]).toEqual([name, ARRAY[e.dtype]]);
    expect([name, Array.from(a)]).toEqual([name, e.values]);
  }
}

describe('uint8 / int8 / int16 checkpoints', () => {
  it('loads safetensors U8/I8/I16 as uint8/int8/int16 and writes the same bytes', () => {
    const file = bytesOf(fixture.safetensors);
    const sd = nn.deserialize(file);
    expectTensors(sd, fixture.tensors);
    expect(Buffer.from(nn.serialize(sd)).equals(Buffer.from(file))).toBe(true);
  });

  it('writes each small type with its own tag and element size', () => {
    const bytes = nn.serialize({ a: tensor([1, 255], { dtype: 'uint8' }), b: tensor([-1], { dtype: 'int8' }), c: tensor([-2, 3], { dtype: int16 }) });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, { dtype: string; data_offsets: number[] }>;
    expect([header.a!.dtype, header.b!.dtype, header.c!.dtype]).toEqual(['U8', 'I8', 'I16']);
    expect(Array.from(bytes.subarray(8 + n))).toEqual([0xfe, 0xff, 3, 0, 1, 255, 0xff]); // int16 first (larger elements), then by name
  });

  it('loads torch.save ByteStorage/CharStorage/ShortStorage and round trips them with the same storage bytes', () => {
    const sd = nn.torchDeserialize(bytesOf(fixture.pth)) as Record<string, unknown>;
    expectTensors(sd, fixture.tensors);
    const again = nn.torchDeserialize(nn.torchSerialize(sd)) as Record<string, unknown>;
    expectTensors(again, fixture.tensors);
  });

  it('keeps views of one uint8 storage sharing it', () => {
    const d = nn.torchDeserialize(bytesOf(fixture.viewsPth)) as Record<string, Tensor>;
    expectTensors(d, fixture.views);
    expect(d.col!.storage).toBe(d.base!.storage);
    d.base!.fill_(-56); // uint8 takes -255..255 as C's two's complement: 200, seen through the views
    expect([d.row!.tolist(), d.col!.tolist()]).toEqual([[200, 200, 200, 200], [200, 200, 200]]);
    expect(() => d.base!.fill_(300)).toThrow('value cannot be converted to type uint8_t without overflow');
  });
});
