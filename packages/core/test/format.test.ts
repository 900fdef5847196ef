/** Printing against str(tensor) from PyTorch (fixtures/core-format.json from tools/parity/core_format.py). */
import * as fs from 'fs';
import * as path from 'path';
import { inspect } from 'util';
import {
  Tensor, setDefaultDtype, setPrintOptions, tensor, zeros, arange, randn, manualSeed, type DType, type PrintOptions,
} from '@torchlet/core';
import { formatFixed, formatSci } from '../src/format';
import { Node } from '../src/autograd/node';

type Num = number | boolean | string;
interface FormatCase {
  name: string;
  data: Num[];
  shape: number[];
  dtype: DType;
  requiresGrad: boolean;
  gradFn: string | null;
  opts: (Partial<PrintOptions> & { profile?: 'default' | 'short' | 'full' }) | null;
  defaultDtype: DType;
  str: string;
}

const CASES = (JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'core-format.json'), 'utf8')) as { cases: FormatCase[] }).cases;

function build(c: FormatCase): Tensor {
  const vals = c.data.map((v) => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number(v)));
  const data = c.dtype === 'float32' ? Float32Array.from(vals) : c.dtype === 'float64' || c.dtype === 'int64' ? Float64Array.from(vals)
    : c.dtype === 'int32' ? Int32Array.from(vals) : Uint8Array.from(vals);
  const t = Tensor.fromData(data, c.shape, c.dtype);
  if (c.requiresGrad) t.requiresGrad_(true);
  if (c.gradFn !== null) {
    t.gradFn = new Node(c.gradFn, [], [], null, () => []);
    t.requiresGrad = true;
  }
  return t;
}

afterEach(() => {
  setPrintOptions({ profile: 'default' });
  setDefaultDtype('float32');
});

describe('toString matches str(tensor) in PyTorch', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const t = build(c);
    setDefaultDtype(c.defaultDtype);
    setPrintOptions({ profile: 'default' });
    if (c.opts) setPrintOptions(c.opts);
    expect(t.toString()).toBe(c.str);
  });
});

describe('printing', () => {
  it('prints through String(), template literals and util.inspect', () => {
    const t = tensor([[1.5, -0.25]]);
    expect(String(t)).toBe('tensor([[ 1.5000, -0.2500]])');
    expect(`${String(t)}!`).toBe('tensor([[ 1.5000, -0.2500]])!');
    expect(inspect(t)).toBe('tensor([[ 1.5000, -0.2500]])');
  });

  it('shows the grad_fn of results and requires_grad of leaves', () => {
    const w = tensor([1.5, -2], { requiresGrad: true });
    expect(w.toString()).toBe('tensor([ 1.5000, -2.0000], requires_grad=True)');
    expect(w.mul(2).toString()).toBe('tensor([ 3., -4.], grad_fn=<MulBackward0>)');
    expect(w.sum().toString()).toBe('tensor(-0.5000, grad_fn=<SumBackward0>)');
    expect(w.detach().toString()).toBe('tensor([ 1.5000, -2.0000])');
  });

  it('prints views through their strides', () => {
    expect(arange(6).reshape(2, 3).t().toString()).toBe('tensor([[0, 3],\n        [1, 4],\n        [2, 5]])');
    expect(zeros(2, 3).select(1, 0).toString()).toBe('tensor([0., 0.])');
  });

  it('sets sciMode back to null unless given, as torch.set_printoptions', () => {
    setPrintOptions({ sciMode: true });
    expect(tensor([1.5]).toString()).toBe('tensor([1.5000e+00])');
    setPrintOptions({ precision: 2 });
    expect(tensor([1.5]).toString()).toBe('tensor([1.50])');
  });

  it('summarises randn(2000) to 3 items at each end', () => {
    manualSeed(0);
    const s = randn(2000).toString();
    expect(s.startsWith('tensor([-1.1258, -1.1524, -0.2506,  ...,')).toBe(true);
    expect(s.split('\n')).toHaveLength(1);
  });
});

describe("Python's number formatting", () => {
  it.each([
    [0.03125, 4, '0.0312'], [0.09375, 4, '0.0938'], [2.5, 0, '2'], [3.5, 0, '4'], [-0.0, 2, '-0.00'],
    [-0.00001, 4, '-0.0000'], [1e20, 1, '100000000000000000000.0'], [123.456, 2, '123.46'], [5e-324, 3, '0.000'],
  ])('formatFixed(%p, %p) = %p', (v, p, s) => {
    expect(formatFixed(v, p)).toBe(s);
  });
  it.each([
    [12.3125, 4, '1.2312e+01'], [12.3135, 4, '1.2313e+01'], [12.3375, 3, '1.234e+01'], [0, 4, '0.0000e+00'], [-0.0, 2, '-0.00e+00'],
    [9.99995, 4, '1.0000e+01'], [1e-5, 4, '1.0000e-05'], [1.5e300, 2, '1.50e+300'], [123, 0, '1e+02'],
    [NaN, 4, 'nan'], [-Infinity, 4, '-inf'],
  ])('formatSci(%p, %p) = %p', (v, p, s) => {
    expect(formatSci(v, p)).toBe(s);
  });
});
