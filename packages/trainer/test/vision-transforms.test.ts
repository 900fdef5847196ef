/** torchvision.transforms: ToTensor, Normalize, Compose, Lambda (float32 values as torchvision computes them). */
import * as torch from 'torchlet';
import { transforms } from '@torchlet/trainer';

const f = Math.fround;

describe('transforms', () => {
  const img = torch.tensor([[0, 1, 128], [200, 254, 255]]); // HxW, values 0..255

  it('ToTensor: HxW -> float32 1xHxW / 255, HxWxC -> CxHxW', () => {
    const t = new transforms.ToTensor()(img);
    expect([t.dtype, t.shape]).toEqual(['float32', [1, 2, 3]]);
    expect(Array.from(t.toTypedArray())).toEqual([0, 1, 128, 200, 254, 255].map((v) => f(v / 255)));
    const hwc = torch.tensor([[[1, 2], [3, 4]]]); // H=1, W=2, C=2
    expect(new transforms.ToTensor()(hwc).mul(255).round().tolist()).toEqual([[[1, 3]], [[2, 4]]]);
    expect(() => new transforms.ToTensor()(torch.zeros(2, 2))).toThrow('ToTensor: pic should be an integer image tensor');
    expect(String(new transforms.ToTensor())).toBe('ToTensor()');
  });

  it("Normalize: (x - mean) / std per channel in float32, as torchvision's sub_/div_", () => {
    const x = new transforms.ToTensor()(img);
    const n = new transforms.Normalize([0.1307], [0.3081]);
    const want = [0, 1, 128, 200, 254, 255].map((v) => f(f(f(v / 255) - f(0.1307)) / f(0.3081)));
    expect(Array.from(n(x).toTypedArray())).toEqual(want);
    expect(x.index(0, 0, 1).item()).toBe(f(1 / 255)); // not in place by default
    const two = new transforms.Normalize([0.5, 0], [0.5, 2], true);
    const y = torch.ones(2, 1, 2);
    expect(two(y)).toBe(y);
    expect(y.tolist()).toEqual([[[1, 1]], [[0.5, 0.5]]]);
    expect(String(n)).toBe('Normalize(mean=[0.1307], std=[0.3081])');
    expect(() => new transforms.Normalize([0], [0])).toThrow('std evaluated to zero');
    expect(() => n(torch.zeros(2, 2))).toThrow('Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = [2, 2]');
    expect(() => new transforms.Normalize([0], [1], { inPlace: true } as never)).toThrow("did you mean 'inplace'?");
  });

  it('Compose applies in order; Lambda wraps a function', () => {
    const t = new transforms.Compose([new transforms.ToTensor(), new transforms.Lambda((x: torch.Tensor) => x.mul(255)), (x: torch.Tensor) => x.sum()]);
    expect(t(img).item()).toBeCloseTo(838, 3);
    expect(String(t)).toBe('Compose(\n    ToTensor()\n    Lambda()\n    (x) => x.sum()\n)');
    expect(() => new transforms.Lambda(3 as never)).toThrow('Argument lambd should be callable, got number');
    expect(() => new transforms.Compose([1] as never)).toThrow('Compose: transforms should be a list of callables');
  });
});
