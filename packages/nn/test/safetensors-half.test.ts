/**
 * float16 and bfloat16 in checkpoints (fixtures/safetensors-half.json from
 * tools/parity/nn_safetensors_half.py, torch 1.13): PyTorch's safetensors and torch.save bytes load
 * without widening (the same bit patterns), save back to the same bytes, and model.half() /
 * model.bfloat16() convert floating parameters; a bfloat16 Linear gives PyTorch's output.
 */
import { Tensor, tensor, noGrad, float16, bfloat16 } from '@torchlet/core';
import * as nn from '@torchlet/nn';
import fixture from './fixtures/safetensors-half.json';

type Entry = { dtype: string; shape: number[]; bits: number[] | null; values: (number | string)[] };
const TENSORS = fixture.tensors as Record<string, Entry>;
const bytesOf = (b64: string): Uint8Array => new Uint8Array(Buffer.from(b64, 'base64'));
const num = (v: number | string): number => (v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v === 'nan' ? NaN : (v as number));
const bits = (t: Tensor): number[] => Array.from(t.contiguous().toTypedArray());
const fromBits = (b: number[], shape: number[], dtype: 'float16' | 'bfloat16'): Tensor => Tensor.fromData(Uint16Array.from(b), shape, dtype);

function expectFixtureTensors(sd: Record<string, unknown>): void {
  for (const [name, e] of Object.entries(TENSORS)) {
    const t = sd[name] as Tensor;
    expect([name, t.dtype, t.shape]).toEqual([name, e.dtype, e.shape]);
    if (e.bits !== null) expect([name, bits(t)]).toEqual([name, e.bits]);
    expect([name, (t.float().tolist() as number[]).flat()]).toEqual([name, e.values.map(num)]);
  }
}

describe('float16 / bfloat16 checkpoints', () => {
  it('loads PyTorch-format safetensors F16/BF16 as float16/bfloat16 and writes the same bytes', () => {
    const file = bytesOf(fixture.safetensors);
    const sd = nn.deserialize(file);
    expectFixtureTensors(sd);
    expect(Buffer.from(nn.serialize(sd)).equals(Buffer.from(file))).toBe(true);
  });

  it('loads torch.save HalfStorage/BFloat16Storage and round trips them', () => {
    const sd = nn.torchDeserialize(bytesOf(fixture.pth)) as Record<string, unknown>;
    expectFixtureTensors(sd);
    const again = nn.torchDeserialize(nn.torchSerialize(sd)) as Record<string, unknown>;
    expectFixtureTensors(again);
  });

  it('model.half(), model.bfloat16() and model.to(dtype) convert floating parameters', () => {
    const lin = new nn.Linear(3, 2);
    const w = lin.weight.detach().clone();
    lin.half();
    expect([lin.weight.dtype, lin.bias!.dtype]).toEqual(['float16', 'float16']);
    expect(lin.weight.tolist()).toEqual(w.half().tolist());
    expect(lin.weight).toBeInstanceOf(nn.Parameter);
    lin.to(bfloat16);
    expect(lin.weight.dtype).toBe('bfloat16');
    lin.float();
    expect(lin.weight.dtype).toBe('float32');
    const out = new nn.Linear(2, 2).to(float16)(tensor([[1, 2]], { dtype: float16 }));
    expect(out.dtype).toBe('float16');
  });

  it("runs a bfloat16 Linear as PyTorch does (float32 maths, bfloat16 result)", () => {
    const l = fixture.linear;
    const lin = new nn.Linear(3, 2).bfloat16();
    noGrad(() => {
      lin.weight.copy_(fromBits(l.weight, [2, 3], 'bfloat16'));
      lin.bias!.copy_(fromBits(l.bias, [2], 'bfloat16'));
    });
    const y = noGrad(() => lin(fromBits(l.x, [4, 3], 'bfloat16')));
    expect(y.dtype).toBe('bfloat16');
    expect(bits(y)).toEqual(l.y);
  });

  it('trains a float16 parameter: gradients come back in float16', () => {
    const lin = new nn.Linear(3, 1).half();
    lin(tensor([[1, 2, 3]], { dtype: float16 })).sum().backward();
    expect([lin.weight.grad!.dtype, lin.weight.grad!.tolist()]).toEqual(['float16', [[1, 2, 3]]]);
    expect(lin.bias!.grad!.tolist()).toEqual([1]);
  });
});
