/**
 * Intra-op threads: a pool of workers that instantiate the same kernels over the same shared
 * WebAssembly memory and run a task when signalled through an Int32Array of control words.
 * The calling thread runs its own share and then waits (Atomics.wait where allowed, else spins),
 * so kernels stay synchronous. Workers start lazily on the first large product, are unref'd (they
 * never keep a process alive), and are used only once they report ready.
 */
import type { WasmRuntime } from './runtime';

const WORDS = 32; // control words per worker: [0] task sequence, [1] done sequence, [2] op, [3] arg count, [4..] args
const SEQ = 0, DONE = 1, OP = 2, NARGS = 3, ARGS = 4;
/** Task op codes: the kernel export each runs. */
const TASKS = ['', 'matmulTask', 'matmulBatch'];
const NOT_READY = -2;

interface PoolWorker {
  terminate(): unknown;
  unref?(): void;
}

/**
 * The loop each worker runs (plain JS source, so no transpiler helper can leak into it): spin
 * briefly, then sleep until the task sequence word changes; run the task; publish completion.
 */
const WORKER_MAIN = `function workerMain(module, memory, ctrl, id) {
  const inst = new WebAssembly.Instance(module, { env: { memory } });
  const tasks = ${JSON.stringify(TASKS)}.map((name) => inst.exports[name]);
  const base = id * ${WORDS};
  let seq = 0;
  Atomics.store(ctrl, base + ${DONE}, 0);
  Atomics.notify(ctrl, base + ${DONE});
  for (;;) {
    for (let spin = 0; spin < 4000 && Atomics.load(ctrl, base + ${SEQ}) === seq; spin++);
    Atomics.wait(ctrl, base + ${SEQ}, seq);
    seq = Atomics.load(ctrl, base + ${SEQ});
    if (seq < 0) return;
    tasks[ctrl[base + ${OP}]](...ctrl.subarray(base + ${ARGS}, base + ${ARGS} + ctrl[base + ${NARGS}]));
    Atomics.store(ctrl, base + ${DONE}, seq);
    Atomics.notify(ctrl, base + ${DONE});
  }
}`;

interface WorkerThreadsModule {
  Worker: new (src: string, opts: { eval: boolean; workerData: unknown }) => PoolWorker;
}
interface ProcessWithBuiltins {
  getBuiltinModule?(id: string): unknown;
}

function isWorkerThreads(m: unknown): m is WorkerThreadsModule {
  return typeof m === 'object' && m !== null && 'Worker' in m && typeof m.Worker === 'function';
}

/** Starts one worker running workerMain, in Node (worker_threads) or a browser (Worker + Blob). */
function spawn(rt: WasmRuntime, ctrl: Int32Array, id: number): PoolWorker | null {
  const body = WORKER_MAIN;
  const proc = (globalThis as { process?: ProcessWithBuiltins }).process;
  const wt = proc?.getBuiltinModule?.('node:worker_threads');
  if (isWorkerThreads(wt)) {
    const src = `const { workerData: d } = require('node:worker_threads');\n(${body})(d.module, d.memory, d.ctrl, d.id);`;
    const w = new wt.Worker(src, { eval: true, workerData: { module: rt.module, memory: rt.memory, ctrl, id } });
    w.unref?.();
    return w;
  }
  const g = globalThis as { Worker?: new (url: string) => PoolWorker & { postMessage(m: unknown): void } };
  if (typeof g.Worker === 'function' && typeof Blob === 'function' && typeof URL.createObjectURL === 'function') {
    const src = `onmessage = (e) => { const d = e.data; (${body})(d.module, d.memory, d.ctrl, d.id); };`;
    const w = new g.Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
    w.postMessage({ module: rt.module, memory: rt.memory, ctrl, id });
    return w;
  }
  return null;
}

let canBlock: boolean | undefined;

/** Whether this thread may Atomics.wait (Node's main thread may; a browser's main thread may not). */
function mayBlock(ctrl: Int32Array): boolean {
  if (canBlock === undefined) {
    try {
      Atomics.wait(ctrl, ctrl.length - 1, 1, 0);
      canBlock = true;
    } catch {
      canBlock = false;
    }
  }
  return canBlock;
}

export class ThreadPool {
  private readonly ctrl: Int32Array;
  private readonly workers: (PoolWorker | null)[] = [];
  private readonly seqs: number[] = [];

  constructor(private readonly rt: WasmRuntime, size: number) {
    this.ctrl = new Int32Array(new SharedArrayBuffer(4 * WORDS * (size + 1)));
    for (let i = 0; i < size; i++) {
      this.ctrl[i * WORDS + DONE] = NOT_READY;
      this.seqs.push(0);
      this.workers.push(spawn(rt, this.ctrl, i));
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Indices of workers that have loaded their kernels and are idle. */
  ready(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.workers.length; i++) {
      if (this.workers[i] && Atomics.load(this.ctrl, i * WORDS + DONE) === this.seqs[i]) out.push(i);
    }
    return out;
  }

  /** Starts task `op` (1 matmulTask, 2 matmulBatch) with `args` on worker i (which must be ready). */
  start(i: number, op: number, args: readonly number[]): void {
    const b = i * WORDS;
    for (let j = 0; j < args.length; j++) this.ctrl[b + ARGS + j] = args[j]!;
    this.ctrl[b + OP] = op;
    this.ctrl[b + NARGS] = args.length;
    const seq = this.seqs[i]! + 1;
    this.seqs[i] = seq;
    Atomics.store(this.ctrl, b + SEQ, seq);
    Atomics.notify(this.ctrl, b + SEQ);
  }

  /** Blocks until worker i has finished its current task. */
  join(i: number): void {
    const b = i * WORDS + DONE, seq = this.seqs[i]!;
    const block = mayBlock(this.ctrl);
    for (;;) {
      const v = Atomics.load(this.ctrl, b);
      if (v === seq) return;
      if (block) Atomics.wait(this.ctrl, b, v, 50);
    }
  }

  terminate(): void {
    for (let i = 0; i < this.workers.length; i++) {
      Atomics.store(this.ctrl, i * WORDS + SEQ, -1);
      Atomics.notify(this.ctrl, i * WORDS + SEQ);
      void this.workers[i]?.terminate();
    }
    this.workers.length = 0;
  }

  get runtime(): WasmRuntime {
    return this.rt;
  }
}
