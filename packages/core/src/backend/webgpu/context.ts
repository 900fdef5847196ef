/**
 * The one WebGPU device torchlet uses: obtained asynchronously by `init()` (JS has no synchronous
 * way to get a GPU), then handed to every kernel by `gpu()`, which raises a clear error before
 * init. Also the memory budget's default, which comes from the adapter's limits.
 */
import { findGpu, type Gpu, type GpuDevice, type GpuLimits } from './gpu-types';

interface State {
  device: GpuDevice | null;
  /** Set once init() has run to its end (with or without a device). */
  tried: boolean;
  /** Why there is no device (no navigator.gpu, no adapter, device lost). */
  reason: string;
  pending: Promise<boolean> | null;
}

const state: State = { device: null, tried: false, reason: '', pending: null };

/** The limits torchlet asks for: the adapter's own maxima for buffers, so large tensors fit. */
const WANTED_LIMITS = ['maxStorageBufferBindingSize', 'maxBufferSize', 'maxStorageBuffersPerShaderStage'] as const;

/**
 * Obtains the device once; resolves whether there is one. Idempotent and safe to race. `provided`
 * is a GPU object to use instead of navigator.gpu (Node with a WebGPU package).
 */
export function init(provided?: Gpu): Promise<boolean> {
  if (state.device !== null) return Promise.resolve(true);
  state.pending ??= acquire(provided).finally(() => { state.pending = null; });
  return state.pending;
}

async function acquire(provided: Gpu | undefined): Promise<boolean> {
  try {
    const gpu = provided ?? findGpu();
    if (gpu === undefined) return fail('this JavaScript runtime has no navigator.gpu (WebGPU needs a browser with WebGPU on a secure http(s)/localhost page, or a Node WebGPU provider)');
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (adapter === null) return fail('navigator.gpu.requestAdapter() found no adapter');
    const requiredLimits: Record<string, number> = {};
    for (const k of WANTED_LIMITS) requiredLimits[k] = adapter.limits[k];
    const device = await adapter.requestDevice({ requiredLimits });
    void device.lost.then((info) => {
      if (state.device === device) {
        state.device = null;
        state.reason = `the WebGPU device was lost (${info.message || info.reason})`;
      }
    });
    state.device = device;
    state.tried = true;
    return true;
  } catch (e) {
    return fail(`requesting a WebGPU device failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function fail(reason: string): boolean {
  state.tried = true;
  state.reason = reason;
  return false;
}

/** Whether init() obtained a device (synchronous, as torch.cuda.is_available()). */
export function isAvailable(): boolean {
  return state.device !== null;
}

/** The device, or the error that says what to do. */
export function gpu(): GpuDevice {
  const d = state.device;
  if (d !== null) return d;
  if (!state.tried) {
    throw new Error("The webgpu device is not initialized: call `await torch.webgpu.init()` once before using device 'webgpu' (getting a GPU is asynchronous in JavaScript)");
  }
  throw new Error(`The webgpu device is not available: ${state.reason}. torch.webgpu.init() returned false; check torch.webgpu.isAvailable() and use 'cpu' instead`);
}

/** The device's limits (after init). */
export function limits(): GpuLimits {
  return gpu().limits;
}

/** Test hook: forget the device (the next init() asks again). */
export function resetForTests(): void {
  state.device = null;
  state.tried = false;
  state.reason = '';
}
