/**
 * torch.device: a place named as PyTorch names it (`type`, optional `index`), and the step from
 * a place to a storage device that has a backend here (`storageDevice`), raising PyTorch's errors
 * for the others. 'cpu' is the only one today; a new device adds its type name to DEVICE_TYPES
 * (if PyTorch lacks it) and its storage DeviceType to STORAGE. Ops never see a Device: they pass
 * the storage's DeviceType string (or a tensor's Device, which `deviceBackend` reads `.type` of).
 */
import type { DeviceType } from './backend/types';

/** PyTorch 1.13's device type names, in the order its error message lists them. */
const TORCH_DEVICE_TYPES = [
  'cpu', 'cuda', 'ipu', 'xpu', 'mkldnn', 'opengl', 'opencl', 'ideep', 'hip', 've', 'fpga', 'ort', 'xla', 'lazy',
  'vulkan', 'mps', 'meta', 'hpu', 'privateuseone',
] as const;
/**
 * The device types parsed here: PyTorch's, and torchlet's own 'webgpu' (PyTorch has no WebGPU
 * device: it sits where MPS sits for Apple GPUs). PyTorch's error message keeps its own list.
 */
const DEVICE_TYPES = [...TORCH_DEVICE_TYPES, 'webgpu'] as const;
/** The device type names torch.device accepts: PyTorch's ('cpu', 'cuda', 'mps'...) and 'webgpu'. */
export type DeviceTypeName = (typeof DEVICE_TYPES)[number];

/** The device types a tensor can live on here, and the storage device each one allocates on. */
const STORAGE: Partial<Record<DeviceTypeName, DeviceType>> = { cpu: 'cpu', webgpu: 'webgpu' };

/** What users pass where PyTorch takes a device: 'cpu', 'cuda:0', torch.device(...), or a CUDA index. */
export type DeviceSpec = string | Device | number;

/**
 * A torch.device. Instances are interned, so `x.device === torch.device('cpu')` holds; the string
 * form is PyTorch's str() ('cpu', 'cuda:0'), and util.inspect shows its repr.
 */
export class Device {
  private static readonly interned = new Map<string, Device>();

  /**
   * @param type - The device type: `x.device.type` is 'cpu'.
   * @param index - The device index ('cuda:1' has 1), or null when none was given.
   */
  private constructor(readonly type: DeviceTypeName, readonly index: number | null) {
    Object.freeze(this);
  }

  /** The one Device for (type, index). */
  static of(type: DeviceTypeName, index: number | null = null): Device {
    const key = index === null ? type : `${type}:${index}`;
    let d = Device.interned.get(key);
    if (d === undefined) Device.interned.set(key, d = new Device(type, index));
    return d;
  }

  /** PyTorch's str(device): 'cpu', 'cuda:1'. */
  toString(): string {
    return this.index === null ? this.type : `${this.type}:${this.index}`;
  }

  /** PyTorch's repr(device): device(type='cpu'), device(type='cuda', index=0). */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.index === null ? `device(type='${this.type}')` : `device(type='${this.type}', index=${this.index})`;
  }
}

const CPU = Device.of('cpu');

/** PyTorch's own Python exception name on a JS Error (AssertionError has no JS class). */
function pyError(name: string, message: string): Error {
  const err = new Error(message);
  err.name = name;
  return err;
}

function checkIndex(index: unknown): number {
  if (typeof index !== 'number' || !Number.isInteger(index)) {
    const got = typeof index === 'number' ? 'float' : index === null ? 'NoneType' : typeof index === 'string' ? 'str' : typeof index;
    throw new TypeError(`Device(): argument 'index' (position 2) must be int, not ${got}`);
  }
  if (index < 0) throw new Error('Device index must not be negative');
  return index;
}

/** PyTorch's device-string grammar: `([a-zA-Z_]+)(?::([1-9]\d*|0))?`. */
const DEVICE_STRING = /^([a-zA-Z_]+)(?::(0|[1-9]\d*))?$/;

function parse(s: string): Device {
  if (s.length === 0) throw new Error('Device string must not be empty');
  const m = DEVICE_STRING.exec(s);
  if (m === null) throw new Error(`Invalid device string: '${s}'`);
  const type = m[1] ?? '';
  if (!(DEVICE_TYPES as readonly string[]).includes(type)) {
    throw new Error(`Expected one of ${TORCH_DEVICE_TYPES.join(', ')} device type at start of device string: ${s}`);
  }
  return Device.of(type as DeviceTypeName, m[2] === undefined ? null : Number(m[2]));
}

/**
 * torch.device: `device('cpu')`, `device('cuda:1')`, `device('cuda', 0)`, `device(1)` (CUDA index),
 * or a Device (returned as is). Constructing any PyTorch device type works, as in PyTorch; only
 * putting a tensor there raises (see storageDevice).
 */
export function device(spec: DeviceSpec, index?: number): Device {
  if (spec instanceof Device) {
    if (index !== undefined) throw new TypeError('Device() received an invalid combination of arguments - got (torch.device, int), but expected one of:\n * (torch.device device)\n * (str type, int index)\n');
    return spec;
  }
  if (typeof spec === 'number') {
    if (index !== undefined) throw new TypeError('Device() received an invalid combination of arguments - got (int, int), but expected one of:\n * (torch.device device)\n * (str type, int index)\n');
    return Device.of('cuda', checkIndex(spec));
  }
  if (typeof spec !== 'string') {
    throw new TypeError(`Device() received an invalid combination of arguments - got (${spec === null ? 'NoneType' : typeof spec}), but expected one of:\n * (torch.device device)\n * (str type, int index)\n`);
  }
  const d = parse(spec);
  if (index === undefined) return d;
  if (d.index !== null) throw new Error(`type (string) must not include an index because index was passed explicitly: ${spec}`);
  return Device.of(d.type, checkIndex(index));
}

/** Whether a string names a device ('cpu', 'cuda:0') rather than something else (a dtype). */
export function isDeviceString(s: string): boolean {
  const m = DEVICE_STRING.exec(s);
  return m !== null && (DEVICE_TYPES as readonly string[]).includes(m[1] ?? '');
}

/**
 * The storage device a tensor placed on `spec` lives on, or PyTorch's error when this build has
 * no such device: CUDA's AssertionError, "not linked" for the rest. Undefined and null mean 'cpu'.
 */
export function storageDevice(spec: DeviceSpec | undefined | null): DeviceType {
  if (spec === undefined || spec === null || spec === 'cpu' || spec === CPU) return 'cpu';
  const d = device(spec);
  const storage = STORAGE[d.type];
  if (storage !== undefined) return storage;
  if (d.type === 'cuda') throw pyError('AssertionError', 'Torch not compiled with CUDA enabled');
  throw new Error(`PyTorch is not linked with support for ${d.type} devices`);
}

/** The Device of a storage device (what `x.device` returns): interned, index null as PyTorch's CPU. */
export function deviceOf(type: DeviceType): Device {
  return type === 'cpu' ? CPU : Device.of(type);
}

/** torch.cuda: no CUDA here. */
export const cuda = Object.freeze({
  /** Always false: there is no CUDA here. */
  isAvailable: (): boolean => false,
  /** Always 0. */
  deviceCount: (): number => 0,
});

/** torch.backends: mps is never available here. */
export const backends = Object.freeze({
  /** torch.backends.mps: Apple GPUs, never available here. */
  mps: Object.freeze({
    /** Always false. */
    isAvailable: (): boolean => false,
    /** Always false. */
    isBuilt: (): boolean => false,
  }),
});
