/**
 * Casting to bool: nonzero is true, NaN included (PyTorch 1.13: tensor([nan]).bool() is True;
 * a typed-array truthiness test made it False), on every CPU backend, dense and strided.
 */
import { backendName, setBackend, tensor, zeros } from '../src';

const VALUES = [NaN, 0, -0, 1, 0.5, -0.3, Infinity];
// torch.tensor([nan, 0, -0., 1, 0.5, -0.3, inf]).bool().tolist() in PyTorch 1.13
const WANT = [true, false, false, true, true, true, true];

describe.each(['js', 'wasm', 'auto'])('bool casts on %s', (name) => {
  const before = backendName();
  beforeAll(() => setBackend(name));
  afterAll(() => setBackend(before));

  it('float32 and float64, dense', () => {
    expect(tensor(VALUES).bool().tolist()).toEqual(WANT);
    expect(tensor(VALUES, { dtype: 'float64' }).to('bool').tolist()).toEqual(WANT);
  });

  it('strided source and strided destination', () => {
    expect(tensor(VALUES).view(7, 1).t().bool().tolist()).toEqual([WANT]);
    expect(tensor(VALUES.flatMap((v) => [v, 1])).view(7, 2).select(1, 0).bool().tolist()).toEqual(WANT);
    const dst = zeros(7, 2, { dtype: 'bool' });
    dst.select(1, 1).copy_(tensor(VALUES));
    expect(dst.select(1, 1).tolist()).toEqual(WANT);
  });

  it('a long row (the bulk copy path)', () => {
    const n = 5000;
    const x = tensor(Array.from({ length: n }, (_, i) => (i % 3 === 0 ? NaN : i % 3 - 1)));
    const b = x.bool().tolist() as boolean[];
    expect(b.filter((v, i) => v !== (i % 3 !== 1))).toHaveLength(0);
  });
});
