/**
 * Devices in nn (tools/parity/core_device.py, torch 1.13 without CUDA): model.to(device) and its
 * other forms return the module; cpu(); cuda() and other devices raise PyTorch's errors before
 * anything changes; {device} on every layer constructor that takes {dtype}; optimizer state on
 * the parameters' device.
 */
import * as fs from 'fs';
import * as path from 'path';
import { device, manualSeed, randn, zeros, type DeviceSpec } from '@torchlet/core';
import { Adam } from '@torchlet/optim';
import * as nn from '../src/index';

type Outcome = { ok: true } | { ok: false; type: string; message: string };
interface Fixture {
  to_returns_self: boolean;
  to_cuda: Outcome; cuda: Outcome; to_mps: Outcome; to_int: Outcome; to_cuda_int: Outcome; ctor_cuda: Outcome; ctor_xyz: Outcome;
  to_device_dtype: string;
}
const FIX = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'nn-device.json'), 'utf8')) as Fixture;

function expectRaises(f: () => unknown, o: Outcome): void {
  if (o.ok) throw new Error('fixture case does not raise');
  let err: unknown;
  try { f(); } catch (e) { err = e; }
  expect(err).toBeInstanceOf(Error);
  expect((err as Error).message).toBe(o.message);
  if (o.type === 'AssertionError') expect((err as Error).name).toBe('AssertionError');
  if (o.type === 'TypeError') expect(err).toBeInstanceOf(TypeError);
}

describe('Module.to / cpu / cuda', () => {
  test('to(device) returns the module itself, parameters untouched', () => {
    const m = new nn.Linear(2, 3);
    const w = m.weight;
    expect(m.to(device('cpu')) === m).toBe(FIX.to_returns_self);
    expect(m.to('cpu')).toBe(m);
    expect(m.to({ device: 'cpu' })).toBe(m);
    expect(m.cpu()).toBe(m);
    expect(m.weight).toBe(w);
  });

  test('to(device, dtype), to({device, dtype}) and to(tensor) convert the dtype', () => {
    const forms: [string, (m: nn.Linear) => nn.Linear][] = [
      ['(device, dtype)', (m) => m.to('cpu', 'float64')],
      ['(torch.device, dtype)', (m) => m.to(device('cpu'), 'float64')],
      ['({device, dtype})', (m) => m.to({ device: 'cpu', dtype: 'float64' })],
      ['(tensor)', (m) => m.to(zeros(1, { dtype: 'float64' }))],
      ['(dtype)', (m) => m.to('float64')],
    ];
    for (const [, convert] of forms) {
      manualSeed(0);
      const m = new nn.Linear(2, 3);
      const before = m.weight.tolist();
      expect(convert(m)).toBe(m);
      expect(`torch.${m.weight.dtype}`).toBe(FIX.to_device_dtype);
      expect(m.weight.tolist()).toEqual(before);
      expect(m.bias?.dtype).toBe('float64');
      expect(m.weight.device).toBe(device('cpu'));
    }
  });

  test('cuda, mps and integer dtypes raise PyTorch\'s errors and change nothing', () => {
    const m = new nn.Linear(2, 2);
    const w = m.weight;
    expectRaises(() => m.to('cuda'), FIX.to_cuda);
    expectRaises(() => m.cuda(), FIX.cuda);
    expectRaises(() => m.cuda(0), FIX.cuda);
    expectRaises(() => m.to('mps'), FIX.to_mps);
    expectRaises(() => m.to('cpu', 'int32'), FIX.to_int);
    expectRaises(() => m.to('cuda', 'int32'), FIX.to_cuda_int); // the dtype is checked first
    expectRaises(() => m.to('cuda', 'float64'), FIX.to_cuda);
    expect(m.weight).toBe(w);
    expect(m.weight.dtype).toBe('float32');
    expect(() => m.to({ device: 'cpu', copy: true } as never)).toThrow("to() got an unexpected keyword argument 'copy'");
  });
});

describe('{device} on layer constructors', () => {
  // Each layer built with no device and with 'cpu' / torch.device('cpu'): the same parameters (same draws), on the CPU.
  const LAYERS: [string, (d?: DeviceSpec) => nn.Module<never, unknown>][] = [
    ['Linear', (d) => new nn.Linear(3, 2, { device: d })],
    ['Bilinear', (d) => new nn.Bilinear(2, 3, 2, { device: d })],
    ['Conv1d', (d) => new nn.Conv1d(2, 3, 2, { device: d })],
    ['Conv2d', (d) => new nn.Conv2d(2, 3, 2, { device: d })],
    ['Conv3d', (d) => new nn.Conv3d(1, 2, 2, { device: d })],
    ['ConvTranspose2d', (d) => new nn.ConvTranspose2d(2, 3, 2, { device: d })],
    ['Embedding', (d) => new nn.Embedding(5, 3, { device: d })],
    ['EmbeddingBag', (d) => new nn.EmbeddingBag(5, 3, { device: d })],
    ['BatchNorm1d', (d) => new nn.BatchNorm1d(3, { device: d })],
    ['BatchNorm2d', (d) => new nn.BatchNorm2d(3, { device: d })],
    ['InstanceNorm1d', (d) => new nn.InstanceNorm1d(3, { affine: true, device: d })],
    ['LayerNorm', (d) => new nn.LayerNorm(3, { device: d })],
    ['GroupNorm', (d) => new nn.GroupNorm(1, 2, { device: d })],
    ['RMSNorm', (d) => new nn.RMSNorm(3, { device: d })],
    ['PReLU', (d) => new nn.PReLU(2, 0.25, { device: d })],
    ['RNN', (d) => new nn.RNN(2, 3, { device: d })],
    ['LSTM', (d) => new nn.LSTM(2, 3, { projSize: 2, device: d })],
    ['GRU', (d) => new nn.GRU(2, 3, { device: d })],
    ['RNNCell', (d) => new nn.RNNCell(2, 3, { device: d })],
    ['LSTMCell', (d) => new nn.LSTMCell(2, 3, { device: d })],
    ['GRUCell', (d) => new nn.GRUCell(2, 3, { device: d })],
    ['MultiheadAttention', (d) => new nn.MultiheadAttention(4, 2, { device: d })],
    ['TransformerEncoderLayer', (d) => new nn.TransformerEncoderLayer(4, 2, { dimFeedforward: 8, device: d })],
    ['TransformerDecoderLayer', (d) => new nn.TransformerDecoderLayer(4, 2, { dimFeedforward: 8, device: d })],
  ];

  const state = (m: nn.Module<never, unknown>): [string, unknown][] =>
    Object.entries(m.stateDict()).map(([k, t]) => [k, { device: t.device, dtype: t.dtype, values: t.tolist() }]);

  test.each(LAYERS)('%s', (_, make) => {
    manualSeed(0);
    const plain = state(make());
    expect(plain.length).toBeGreaterThan(0);
    for (const d of ['cpu', device('cpu')]) {
      manualSeed(0);
      expect(state(make(d))).toEqual(plain);
    }
    expect(plain.every(([, s]) => (s as { device: unknown }).device === device('cpu'))).toBe(true);
  });

  test.each(LAYERS)('%s on cuda raises PyTorch\'s AssertionError', (_, make) => {
    expectRaises(() => make('cuda'), FIX.ctor_cuda);
    expectRaises(() => make('xyz'), FIX.ctor_xyz);
  });

  test('an unknown key next to device still names the nearest one', () => {
    expect(() => new nn.Conv2d(1, 1, 1, { devize: 'cpu' } as never)).toThrow("got an unexpected keyword argument 'devize' (did you mean 'device'?)");
  });
});

test('optimizer state lives on the parameters\' device', () => {
  const m = new nn.Linear(3, 2);
  const opt = new Adam(m.parameters(), { lr: 0.1 });
  m(randn(4, 3)).sum().backward();
  opt.step();
  const sd = opt.stateDict() as { state: Record<string, Record<string, unknown>> };
  const tensors = Object.values(sd.state).flatMap((s) => Object.entries(s).filter(([k]) => k !== 'step').map(([, v]) => v));
  expect(tensors.length).toBe(4); // expAvg and expAvgSq for weight and bias
  for (const t of tensors) expect((t as { device: unknown }).device).toBe(m.weight.device);
});
