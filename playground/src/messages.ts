/**
 * The page <-> worker protocol: the page sends one request at a time (or a stop), the worker
 * answers with progress messages and ends every request with `done` or `error`.
 */

/** The CPU backends the page offers. */
export const CPU_BACKENDS = ['auto', 'wasm', 'js'] as const;
/**
 * The device switch: a CPU backend, or 'webgpu' (offered only when the worker's
 * `torch.webgpu.init()` finds an adapter; the CPU side of a webgpu run uses 'auto').
 */
export const BACKENDS = [...CPU_BACKENDS, 'webgpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export const DATASETS = ['moons', 'spirals', 'circles'] as const;
export type DatasetName = (typeof DATASETS)[number];
export const ACTIVATIONS = ['relu', 'tanh', 'gelu', 'sigmoid'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];
export const OPTIMIZERS = ['sgd', 'momentum', 'adam', 'adamw'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export type Task = 'tutorial' | 'classifier' | 'digits' | 'speed';

export interface ClassifierConfig {
  dataset: DatasetName;
  /** Points in the dataset (half per class). */
  count: number;
  /** Standard deviation of the Gaussian noise added to each point. */
  noise: number;
  hidden: number[];
  activation: ActivationName;
  optimizer: OptimizerName;
  lr: number;
  batchSize: number;
  epochs: number;
  seed: number;
}

export interface DigitsConfig {
  epochs: number;
  lr: number;
  batchSize: number;
  seed: number;
}

/** The speed panel's budget: untimed warm-up steps, then timed steps (the median is shown). */
export interface SpeedConfig {
  warmup: number;
  steps: number;
}

/** The speed panel's workloads (bench/workloads.ts's W2 and W4). */
export const WORKLOADS = ['W2', 'W4'] as const;
export type Workload = (typeof WORKLOADS)[number];

export type ToWorker =
  | { type: 'tutorial'; backend: BackendName; seed: string }
  | { type: 'classifier'; backend: BackendName; config: ClassifierConfig }
  | { type: 'digits'; backend: BackendName; config: DigitsConfig }
  | { type: 'speed'; backend: BackendName; config: SpeedConfig }
  | { type: 'stop' };

/** Side length of the grid the decision regions are sampled on. */
export const GRID = 72;

export type FromWorker =
  /** Sent once when the worker starts: whether WebGPU gave an adapter there. */
  | { type: 'devices'; webgpu: boolean }
  /** A tutorial line; `device` says which column (the CPU's, or the GPU variant's beside it). */
  | { type: 'line'; text: string; device: 'cpu' | 'webgpu' }
  /** One cell of the speed table: ms per step (median), or why there is none. */
  | { type: 'speed'; runtime: string; workload: Workload; ms: number | null; note?: string }
  /** The generated 2-D points (x0, y0, x1, y1, ...), their labels and the plotted square. */
  | { type: 'points'; points: Float32Array; labels: Uint8Array; bounds: [number, number, number, number] }
  /** Progress of a training run; `grid` (GRID x GRID probabilities of class 1) for the classifier. */
  | { type: 'progress'; task: Task; epoch: number; loss: number; accuracy: number; msPerStep: number; grid?: Float32Array }
  /** Test images (n x 64 pixels, 0..1), their digits and the predictions. */
  | { type: 'predictions'; images: Float32Array; labels: Int32Array; predicted: Int32Array; accuracy: number }
  | { type: 'done'; task: Task; stopped: boolean; backend: string }
  | { type: 'error'; task: Task; message: string };
