/**
 * The slice of the WebGPU API this backend uses, typed locally: core compiles without the DOM
 * lib (and without @webgpu/types' globals), so these name only what is called here. Shapes
 * follow the WebGPU spec; the flag values are the spec's constants.
 */

export interface GpuBuffer {
  readonly size: number;
  mapAsync(mode: number, offset?: number, size?: number): Promise<void>;
  getMappedRange(offset?: number, size?: number): ArrayBuffer;
  unmap(): void;
  destroy(): void;
}

export interface GpuBindGroupLayout { readonly __brand?: 'GPUBindGroupLayout' }
export interface GpuPipelineLayout { readonly __brand?: 'GPUPipelineLayout' }
export interface GpuBindGroup { readonly __brand?: 'GPUBindGroup' }
export interface GpuShaderModule {
  getCompilationInfo?(): Promise<{ messages: readonly { message: string; type: string; lineNum: number }[] }>;
}
export interface GpuComputePipeline { readonly __brand?: 'GPUComputePipeline' }
export interface GpuCommandBuffer { readonly __brand?: 'GPUCommandBuffer' }

export interface GpuComputePass {
  setPipeline(p: GpuComputePipeline): void;
  setBindGroup(index: number, group: GpuBindGroup): void;
  dispatchWorkgroups(x: number, y?: number, z?: number): void;
  end(): void;
}

export interface GpuCommandEncoder {
  beginComputePass(): GpuComputePass;
  copyBufferToBuffer(src: GpuBuffer, srcOffset: number, dst: GpuBuffer, dstOffset: number, size: number): void;
  clearBuffer(buffer: GpuBuffer, offset?: number, size?: number): void;
  finish(): GpuCommandBuffer;
}

export interface GpuQueue {
  submit(buffers: readonly GpuCommandBuffer[]): void;
  writeBuffer(buffer: GpuBuffer, offset: number, data: ArrayBufferView, dataOffset?: number, size?: number): void;
  onSubmittedWorkDone(): Promise<void>;
}

export interface GpuLimits {
  readonly maxStorageBufferBindingSize: number;
  readonly maxBufferSize: number;
  readonly maxComputeWorkgroupsPerDimension: number;
  readonly maxComputeInvocationsPerWorkgroup: number;
  readonly maxStorageBuffersPerShaderStage: number;
  readonly maxComputeWorkgroupStorageSize: number;
}

export interface GpuError { readonly message: string }

export interface GpuDevice {
  readonly limits: GpuLimits;
  readonly queue: GpuQueue;
  readonly lost: Promise<{ reason: string; message: string }>;
  createBuffer(d: { size: number; usage: number; mappedAtCreation?: boolean }): GpuBuffer;
  createShaderModule(d: { code: string }): GpuShaderModule;
  createBindGroupLayout(d: { entries: readonly { binding: number; visibility: number; buffer: { type: 'storage' | 'read-only-storage' | 'uniform' } }[] }): GpuBindGroupLayout;
  createPipelineLayout(d: { bindGroupLayouts: readonly GpuBindGroupLayout[] }): GpuPipelineLayout;
  createComputePipeline(d: { layout: GpuPipelineLayout; compute: { module: GpuShaderModule; entryPoint: string } }): GpuComputePipeline;
  createBindGroup(d: { layout: GpuBindGroupLayout; entries: readonly { binding: number; resource: { buffer: GpuBuffer } }[] }): GpuBindGroup;
  createCommandEncoder(): GpuCommandEncoder;
  pushErrorScope(filter: 'validation' | 'out-of-memory' | 'internal'): void;
  popErrorScope(): Promise<GpuError | null>;
  destroy(): void;
}

export interface GpuAdapter {
  readonly limits: GpuLimits;
  readonly info?: { readonly vendor: string; readonly architecture: string; readonly description: string };
  requestDevice(d?: { requiredLimits?: Record<string, number> }): Promise<GpuDevice>;
}

export interface Gpu {
  requestAdapter(o?: { powerPreference?: 'low-power' | 'high-performance' }): Promise<GpuAdapter | null>;
}

/** GPUBufferUsage's flags. */
export const BufferUsage = {
  MAP_READ: 0x0001, MAP_WRITE: 0x0002, COPY_SRC: 0x0004, COPY_DST: 0x0008, STORAGE: 0x0080, UNIFORM: 0x0040,
} as const;
/** GPUMapMode.READ and GPUShaderStage.COMPUTE. */
export const MAP_READ_MODE = 0x0001;
export const COMPUTE_STAGE = 0x4;

/** navigator.gpu where it exists (browsers; Node with a WebGPU provider installed on globalThis). */
export function findGpu(): Gpu | undefined {
  const g = globalThis as { navigator?: { gpu?: Gpu } };
  return g.navigator?.gpu;
}
