/**
 * Devices (tools/parity/core_device.py, torch 1.13 without CUDA): torch.device's repr, str and
 * parse errors; x.device; x.to / cpu / cuda in all their forms, returning x itself when nothing
 * changes; {device} on every creation function; PyTorch's errors for devices not built in.
 */
import * as fs from 'fs';
import * as path from 'path';
import { inspect } from 'util';
import * as torch from '../src/index';
import { Device, Tensor, device, manualSeed } from '../src/index';

type Outcome<T> = { ok: true; value: T } | { ok: false; type: string; message: string };
interface Described { repr: string; str: string; type: string; index: number | null }
interface Fixture {
  devices: (Outcome<Described> & { args: [string | number, number?] })[];
  moves: { device: string; to: Outcome<string>; zeros: Outcome<string> }[];
  cuda_method: Outcome<never>;
  cuda_int: Outcome<never>;
  cuda_bad: Outcome<never>;
  to_errors: (Outcome<never> & { args: string[] })[];
  same: Record<string, boolean | string>;
  available: Record<string, boolean | number | string>;
}
const FIX = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'core-device.json'), 'utf8')) as Fixture;

/** Expects f to throw PyTorch's message; AssertionError keeps its Python name. */
function expectRaises(f: () => unknown, o: Outcome<unknown>): void {
  if (o.ok) throw new Error('fixture case does not raise');
  let err: unknown;
  try { f(); } catch (e) { err = e; }
  expect(err).toBeInstanceOf(Error);
  expect((err as Error).message).toBe(o.message);
  if (o.type === 'AssertionError') expect((err as Error).name).toBe('AssertionError');
  if (o.type === 'TypeError') expect(err).toBeInstanceOf(TypeError);
}

describe('torch.device', () => {
  test.each(FIX.devices.map((c) => [JSON.stringify(c.args), c] as const))('device(%s)', (_, c) => {
    const make = (): Device => (c.args.length === 2 ? device(c.args[0], c.args[1]) : device(c.args[0]));
    if (!c.ok) return expectRaises(make, c);
    const d = make();
    expect(inspect(d)).toBe(c.value.repr);
    expect(String(d)).toBe(c.value.str);
    expect(d.type).toBe(c.value.type);
    expect(d.index).toBe(c.value.index);
  });

  test('devices are interned: equal ones are the same object, as == compares them in PyTorch', () => {
    expect(device('cpu')).toBe(device('cpu'));
    expect(device('cuda:1')).toBe(device('cuda', 1));
    expect(device(device('mps'))).toBe(device('mps'));
    expect(device('cpu')).not.toBe(device('cpu:0'));
    expect(Object.isFrozen(device('cpu'))).toBe(true);
  });

  test('wrong argument types raise PyTorch TypeErrors', () => {
    expect(() => device('cpu', 0.5)).toThrow("Device(): argument 'index' (position 2) must be int, not float");
    expect(() => device('cpu', '0' as unknown as number)).toThrow("Device(): argument 'index' (position 2) must be int, not str");
    expect(() => device(null as unknown as string)).toThrow(TypeError);
  });

  test('availability', () => {
    expect(torch.cuda.isAvailable()).toBe(FIX.available.cuda_is_available);
    expect(torch.cuda.deviceCount()).toBe(FIX.available.cuda_device_count);
    expect(torch.backends.mps.isAvailable()).toBe(FIX.available.mps_is_available);
  });
});

describe('x.device', () => {
  const x = torch.zeros(2);
  test('is the interned cpu Device, printed as PyTorch prints it', () => {
    expect(x.device).toBeInstanceOf(Device);
    expect(inspect(x.device)).toBe(FIX.available.tensor_device_repr);
    expect(String(x.device)).toBe('cpu');
    expect(x.device.type).toBe('cpu');
    expect(x.device.index).toBeNull();
    expect(x.device === device('cpu')).toBe(FIX.available.device_eq_cpu);
    expect(x.device === device('cpu', 0)).toBe(FIX.available.device_eq_cpu0);
    expect(x.isCuda).toBe(FIX.available.is_cuda);
  });
  test('views and op results stay on x\'s device', () => {
    expect(x.view(1, 2).device).toBe(x.device);
    expect(x.add(1).device).toBe(x.device);
    expect(torch.where(x.gt(0), x, 0).device).toBe(x.device);
  });
});

describe('x.to', () => {
  const x = torch.tensor([1.5, -2, 3], { dtype: 'float32' });
  test('returns x itself when nothing changes', () => {
    expect(x.to('cpu') === x).toBe(FIX.same.to_cpu);
    expect(x.to(device('cpu')) === x).toBe(FIX.same.to_device);
    expect(x.to('cpu', 'float32') === x).toBe(FIX.same.to_cpu_dtype);
    expect(x.to(torch.zeros(1)) === x).toBe(FIX.same.to_tensor);
    expect(x.cpu() === x).toBe(FIX.same.cpu);
    expect(x.to('cpu:0')).toBe(x);
    expect(x.to({ device: 'cpu' })).toBe(x);
    expect(x.to()).toBe(x);
    expect(x.to('float32')).toBe(x);
  });

  test('converts the dtype in every form', () => {
    expect(`torch.${x.to('cpu', 'float64').dtype}`).toBe(FIX.same.to_dtype_changes);
    for (const y of [x.to('cpu', 'float64'), x.to(device('cpu'), 'float64'), x.to({ device: 'cpu', dtype: 'float64' }),
      x.to({ dtype: 'float64' }), x.to('float64'), x.to(torch.zeros(1, { dtype: 'float64' })), x.to('cpu', { dtype: 'float64' })]) {
      expect(y.dtype).toBe('float64');
      expect(y.device).toBe(device('cpu'));
      expect(y.tolist()).toEqual([1.5, -2, 3]);
    }
    expect(x.to(torch.zeros(1, { dtype: 'int32' })).tolist()).toEqual([1, -2, 3]);
  });

  test('copy: true gives a new tensor with ToCopyBackward0', () => {
    const w = torch.tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    const c = w.to('cpu', { copy: true });
    expect(c === w).toBe(FIX.same.copy);
    expect(c.gradFn?.name).toBe(FIX.same.copy_grad_fn);
    c.mul(torch.tensor([3, 4], { dtype: 'float32' })).sum().backward();
    expect(w.grad?.tolist()).toEqual([3, 4]);
    c.fill_(0); // its own storage
    expect(w.tolist()).toEqual([1, 2]);
  });

  test.each(FIX.moves.map((m) => [m.device, m] as const))('to(%s)', (d, m) => {
    if (m.to.ok) {
      expect(x.to(d)).toBe(x);
      expect(String(x.to(d).device)).toBe(m.to.value);
    } else {
      expectRaises(() => x.to(d), m.to);
      expectRaises(() => x.to(device(d), 'float64'), m.to);
      expectRaises(() => x.to({ device: d }), m.to);
    }
  });

  test('cuda() and to(int) raise CUDA\'s AssertionError', () => {
    expectRaises(() => x.cuda(), FIX.cuda_method);
    expectRaises(() => x.cuda(0), FIX.cuda_method);
    expectRaises(() => x.to(1), FIX.cuda_int);
    expectRaises(() => x.cuda('cpu'), FIX.cuda_bad);
  });

  test('invalid combinations and unknown keys raise PyTorch TypeErrors', () => {
    const [strStr, tensorDtype] = FIX.to_errors;
    expectRaises(() => x.to('cpu', 'cpu' as torch.DType), strStr!);
    expectRaises(() => x.to(...([x, 'float64'] as unknown as [Tensor])), tensorDtype!);
    expect(() => x.to({ devise: 'cpu' } as torch.ToOptions)).toThrow("to() got an unexpected keyword argument 'devise' (did you mean 'device'?)");
    expect(() => x.to('float64', { device: 'cpu' })).toThrow("to() got an unexpected keyword argument 'device'");
    expect(() => x.to({ non_blocking: true } as torch.ToOptions)).toThrow("(did you mean 'nonBlocking'?)");
    expect(x.to({ device: 'cpu', nonBlocking: true })).toBe(x);
  });
});

describe('{device} on creation functions', () => {
  // Each creation function called with no device, 'cpu', torch.device('cpu') and 'cpu:0': same values, on the CPU.
  const CREATORS: [string, (device?: torch.DeviceSpec) => Tensor][] = [
    ['tensor', (d) => torch.tensor([[1, 2], [3, 4]], { device: d })],
    ['tensor typed array', (d) => torch.tensor(new Float32Array([1.5, 2]), { device: d })],
    ['zeros', (d) => torch.zeros(2, 3, { device: d })],
    ['ones', (d) => torch.ones([2], { device: d, dtype: 'float64' })],
    ['full', (d) => torch.full([2, 2], 7, { device: d })],
    ['empty', (d) => torch.empty(3, { device: d })],
    ['arange', (d) => torch.arange(0, 5, 2, { device: d })],
    ['linspace', (d) => torch.linspace(0, 1, 5, { device: d })],
    ['eye', (d) => torch.eye(3, 2, { device: d })],
    ['rand', (d) => { manualSeed(1); return torch.rand(4, { device: d }); }],
    ['randn', (d) => { manualSeed(1); return torch.randn([2, 2], { device: d }); }],
    ['randint', (d) => { manualSeed(1); return torch.randint(0, 10, [5], { device: d }); }],
    ['randperm', (d) => { manualSeed(1); return torch.randperm(6, { device: d }); }],
    ['zerosLike', (d) => torch.zerosLike(torch.ones(2), { device: d })],
    ['onesLike', (d) => torch.onesLike(torch.zeros(2), { device: d })],
    ['fullLike', (d) => torch.fullLike(torch.zeros(2), 3, { device: d })],
    ['emptyLike', (d) => torch.emptyLike(torch.zeros(2), { device: d })],
    ['randLike', (d) => { manualSeed(2); return torch.randLike(torch.zeros(3), { device: d }); }],
    ['randnLike', (d) => { manualSeed(2); return torch.randnLike(torch.zeros(3), { device: d }); }],
  ];

  test.each(CREATORS)('%s', (_, make) => {
    const plain = make();
    for (const d of ['cpu', device('cpu'), 'cpu:0', device('cpu', 0)]) {
      const t = make(d);
      expect(t.device).toBe(device('cpu'));
      expect(t.dtype).toBe(plain.dtype);
      expect(t.shape).toEqual(plain.shape);
      expect(t.tolist()).toEqual(plain.tolist());
    }
  });

  const zerosFix = (d: string): Outcome<string> => FIX.moves.find((m) => m.device === d)!.zeros;
  test.each(CREATORS)('%s on cuda raises PyTorch\'s AssertionError', (_, make) => {
    expectRaises(() => make('cuda'), zerosFix('cuda'));
    expectRaises(() => make(device('cuda', 1)), zerosFix('cuda:1'));
  });

  test('other devices raise "not linked" (PyTorch\'s to() words; its factories fail in the dispatcher)', () => {
    for (const d of ['mps', 'xla', 'hip', 'vulkan']) {
      const m = FIX.moves.find((c) => c.device === d)!;
      expect(m.zeros.ok).toBe(false);
      expectRaises(() => torch.zeros(2, { device: d }), m.to);
    }
    expectRaises(() => torch.zeros(2, { device: 'xyz' }), FIX.devices.find((c) => c.args[0] === 'xyz')!);
  });

  test('a bad device raises before the generator moves', () => {
    manualSeed(3);
    expect(() => torch.randn(3, { device: 'cuda' })).toThrow('Torch not compiled with CUDA enabled');
    const after = torch.rand(1).item();
    manualSeed(3);
    expect(torch.rand(1).item()).toBe(after);
  });
});
