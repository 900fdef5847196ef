import * as T from '../src/index';

describe("PyTorch's dtype names", () => {
  it('are the dtype strings; int64/long is a real int64', () => {
    expect([T.float32, T.float, T.float64, T.double, T.int32, T.int, T.bool]).toEqual(['float32', 'float32', 'float64', 'float64', 'int32', 'int32', 'bool']);
    expect([T.int64, T.long]).toEqual(['int64', 'int64']);
    expect(T.tensor([1, 2], { dtype: T.float64 }).dtype).toBe('float64');
    expect(T.zeros([2], { dtype: T.long }).dtype).toBe('int64');
  });
  it("x.type() names PyTorch's legacy type; x.type(dtype) and x.long() convert", () => {
    const x = T.tensor([1.5, -2.5]);
    expect(x.type()).toBe('torch.FloatTensor');
    expect(x.double().type()).toBe('torch.DoubleTensor');
    expect(x.type(T.double).dtype).toBe('float64');
    expect(x.long().tolist()).toEqual([1, -2]);
    expect(x.long().type()).toBe('torch.LongTensor');
    expect(x.bool().type()).toBe('torch.BoolTensor');
  });
});
