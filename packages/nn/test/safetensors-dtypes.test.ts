/**
 * int64 in checkpoints (fixtures/safetensors-dtypes.json from tools/parity/nn_safetensors_dtypes.py,
 * torch 1.13): I64 / LongStorage load as int64 losslessly, values past 2^53 raise an error naming
 * the tensor, int64 saves as I64 / LongStorage and int32 as I32 / IntStorage, and a BatchNorm
 * state dict (int64 num_batches_tracked) round-trips.
 */
import * as fs from 'fs';
import * as path from 'path';
import { tensor, type Tensor } from '@torchlet/core';
import * as nn from '@torchlet/nn';

interface Entry { dtype: string; values: number[]; shape: number[] }
interface Fixture {
  stateDict: Record<string, Entry>;
  ints: Record<string, Entry>;
  pth: string; intsPth: string; intsSafetensors: string; stateDictSafetensors: string; hugePth: string; hugeSafetensors: string;
}
const FIX = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'safetensors-dtypes.json'), 'utf8')) as Fixture;
const bytes = (b64: string): Uint8Array => new Uint8Array(Buffer.from(b64, 'base64'));

function expectEntries(got: Record<string, Tensor>, want: Record<string, Entry>): void {
  expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
  for (const [k, e] of Object.entries(want)) {
    const t = got[k]!;
    expect([k, t.dtype, t.shape]).toEqual([k, e.dtype, e.shape]);
    const v = Array.from(t.toTypedArray(), Number);
    if (e.dtype === 'float32') v.forEach((x, i) => expect(Math.abs(x - e.values[i]!)).toBeLessThan(1e-6));
    else expect([k, v]).toEqual([k, e.values]);
  }
}

describe('int64 in safetensors files', () => {
  it('loads I64 as int64 (past int32, up to 2^53) and I32 as int32', () => {
    expectEntries(nn.deserialize(bytes(FIX.intsSafetensors)), FIX.ints);
    expectEntries(nn.deserialize(bytes(FIX.stateDictSafetensors)), FIX.stateDict);
  });

  it('raises an error naming the tensor for an I64 value past 2^53', () => {
    expect(() => nn.deserialize(bytes(FIX.hugeSafetensors))).toThrow(
      "tensor 'huge': I64 value 1152921504606846976 cannot be converted to type int64 without overflow (torchlet's int64 holds integers up to 2^53 exactly)");
  });

  it('writes int64 as I64 and int32 as I32, bytes equal to the ones PyTorch wrote', () => {
    const loaded = nn.deserialize(bytes(FIX.intsSafetensors));
    const out = nn.serialize(loaded);
    const header = (b: Uint8Array): Record<string, { dtype: string; data_offsets: number[] }> => {
      const n = Number(new DataView(b.buffer, b.byteOffset).getBigUint64(0, true));
      return JSON.parse(Buffer.from(b.subarray(8, 8 + n)).toString('utf8')) as Record<string, { dtype: string; data_offsets: number[] }>;
    };
    const data = (b: Uint8Array, name: string): number[] => {
      const n = Number(new DataView(b.buffer, b.byteOffset).getBigUint64(0, true));
      const [s, e] = header(b)[name]!.data_offsets as [number, number];
      return Array.from(b.subarray(8 + n + s, 8 + n + e));
    };
    const want = bytes(FIX.intsSafetensors);
    expect(header(out).big!.dtype).toBe('I64');
    expect(header(out).small!.dtype).toBe('I32');
    for (const name of ['big', 'small']) expect(data(out, name)).toEqual(data(want, name));
    expectEntries(nn.deserialize(out), FIX.ints);
  });
});

describe('int64 in torch.save files', () => {
  it('loads LongStorage as int64 losslessly, BatchNorm num_batches_tracked included', () => {
    expectEntries(nn.torchDeserialize(bytes(FIX.intsPth)) as Record<string, Tensor>, FIX.ints);
    const sd = nn.torchDeserialize(bytes(FIX.pth)) as Record<string, Tensor>;
    expectEntries(sd, FIX.stateDict);
    expect(sd['1.num_batches_tracked']!.dtype).toBe('int64');
  });

  it('raises an error naming the tensor for a LongStorage value past 2^53', () => {
    expect(() => nn.torchDeserialize(bytes(FIX.hugePth))).toThrow(/huge.*1152921504606846976.*int64 without overflow/);
  });

  it('round-trips int64 through torchSerialize as LongStorage', () => {
    const big = tensor([2 ** 40 + 1, -(2 ** 35), 7, 2 ** 53], { dtype: 'int64' });
    const saved = nn.torchSerialize({ big, small: tensor([[1, -2], [3, 4]]) });
    expect(Buffer.from(saved).includes('LongStorage')).toBe(true);
    expectEntries(nn.torchDeserialize(saved) as Record<string, Tensor>, FIX.ints);
  });

  it('loads a PyTorch BatchNorm state dict into a torchlet model and saves it back with int64', () => {
    const model = new nn.Sequential(new nn.Linear(3, 4), new nn.BatchNorm1d(4));
    model.loadStateDict(nn.torchDeserialize(bytes(FIX.pth)) as Record<string, Tensor>);
    const sd = model.stateDict();
    expect(Array.from(sd['1.num_batches_tracked']!.toTypedArray())).toEqual([3]);
    const back = nn.torchDeserialize(nn.torchSerialize(sd)) as Record<string, Tensor>;
    expect(back['1.num_batches_tracked']!.dtype).toBe(sd['1.num_batches_tracked']!.dtype);
    expect(Array.from(back['1.running_mean']!.toTypedArray())).toEqual(Array.from(sd['1.running_mean']!.toTypedArray()));
  });
});
