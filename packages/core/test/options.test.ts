import { checkOptions, nearestKey } from '../src/options';

describe('checkOptions: unknown keyword arguments', () => {
  it('names the unknown key and the nearest known one', () => {
    expect(() => checkOptions('sum', { keepdims: true }, ['dim', 'keepdim', 'dtype']))
      .toThrow("sum() got an unexpected keyword argument 'keepdims' (did you mean 'keepdim'?)");
    expect(() => checkOptions('SGD', { weight_decay: 0.1 }, ['lr', 'momentum', 'weightDecay']))
      .toThrow("SGD() got an unexpected keyword argument 'weight_decay' (did you mean 'weightDecay'?)");
  });
  it('gives no hint when nothing is close, and passes known keys', () => {
    expect(() => checkOptions('f', { zzzzzz: 1 }, ['dim'])).toThrow("f() got an unexpected keyword argument 'zzzzzz'");
    expect(() => checkOptions('f', { dim: 1 }, ['dim'])).not.toThrow();
    expect(() => checkOptions('f', undefined, ['dim'])).not.toThrow();
    expect(nearestKey('batch_size', ['batchSize', 'shuffle'])).toBe('batchSize');
    expect(nearestKey('x', ['dim'])).toBeUndefined();
  });
});
