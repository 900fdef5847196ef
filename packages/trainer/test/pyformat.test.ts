import { tensor, type DType } from '@torchlet/core';
import { formatExponential, formatFixed, numpyStr, sprintf } from '@torchlet/trainer';
import fixture from './fixtures/pyformat.json';

/** Fixture doubles travel as their uint64 bit patterns (decimal strings), so every bit survives. */
function fromBits(bits: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(bits));
  return view.getFloat64(0);
}

const values = fixture.values.map(fromBits);

describe('formatFixed matches Python %.Nf', () => {
  for (const [digits, expected] of Object.entries(fixture.f)) {
    it(`%.${digits}f on ${values.length} doubles`, () => {
      const got = values.map((v) => formatFixed(v, Number(digits)));
      expect(got).toEqual(expected);
    });
  }

  it('rounds exact ties to even, unlike toFixed', () => {
    expect(formatFixed(0.125, 2)).toBe('0.12');
    expect((0.125).toFixed(2)).toBe('0.13');
    expect(formatFixed(2.5, 0)).toBe('2');
    expect(formatFixed(0.375, 2)).toBe('0.38');
    expect(formatFixed(-0.0, 3)).toBe('-0.000');
    expect(formatFixed(Number.NaN, 2)).toBe('nan');
    expect(formatFixed(-Infinity, 2)).toBe('-inf');
  });

  it('rejects a bad precision', () => {
    expect(() => formatFixed(1, -1)).toThrow('precision must be a non-negative integer');
  });
});

describe('formatExponential matches Python %.Ne', () => {
  for (const [digits, expected] of Object.entries(fixture.e)) {
    it(`%.${digits}e on ${values.length} doubles`, () => {
      expect(values.map((v) => formatExponential(v, Number(digits)))).toEqual(expected);
    });
  }
});

describe('sprintf', () => {
  it('%d truncates like Python int()', () => {
    expect(fixture.dValues.map(fromBits).map((v) => sprintf('%d', v))).toEqual(fixture.d);
  });

  it('handles flags, width, %s and %%', () => {
    for (const [format, args, expected] of fixture.misc) {
      expect(sprintf(format as string, ...(args as (string | number)[]))).toBe(expected);
    }
  });

  it("prints the tutorial's lines", () => {
    expect(sprintf('Epoch: %d, loss: %.4f, train_acc: %.3f', 200, 0.5448, 5 / 6)).toBe('Epoch: 200, loss: 0.5448, train_acc: 0.833');
    expect(sprintf('%d, loss: %.4f, train_acc: %.4f', 200, 1.0696, 0.5)).toBe('200, loss: 1.0696, train_acc: 0.5000');
    expect(sprintf('%s %s', true, 'x')).toBe('True x');
  });

  it('checks the argument count as Python does', () => {
    expect(() => sprintf('%d %d', 1)).toThrow('not enough arguments for format string');
    expect(() => sprintf('%d', 1, 2)).toThrow('not all arguments converted during string formatting');
    expect(() => sprintf('%f', 'x')).toThrow('a real number is required');
  });
});

describe('numpyStr matches str(ndarray)', () => {
  for (const a of fixture.numpy) {
    it(`shape [${a.shape.join(', ')}] ${a.dtype}`, () => {
      const t = tensor(Int32Array.from(a.data), { dtype: a.dtype as DType }).reshape(a.shape);
      expect(numpyStr(t)).toBe(a.str);
    });
  }

  it('accepts plain arrays', () => {
    expect(numpyStr([0, 1, 2, 0, 0, 2])).toBe('[0 1 2 0 0 2]');
  });

  it('rejects float arrays', () => {
    expect(() => numpyStr(tensor([1.5]))).toThrow('numpyStr prints integer and bool arrays');
  });
});
