/**
 * The training worker (a module worker): runs one request at a time off the page's thread and
 * answers with the messages of messages.ts. A stop arrives between chunks of training.
 */
import * as torch from 'torchlet';
import { parseArgs, runTutorial } from '../../examples/tutorial/cli';
import { runTutorialOn } from '../../examples/tutorial/webgpu';
import type { BackendName, FromWorker, Task, ToWorker } from './messages';
import type { Run } from './run';
import { runSpeed } from './speed';
import { trainClassifier } from './train-classifier';
import { type DigitsData, parseDigitsCsv, trainDigits } from './train-digits';

/** The slice of a dedicated worker's global scope used here (the page's DOM types describe no worker). */
interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}
const scope = self as unknown as WorkerScope;

/** WebGPU is offered only when the worker (where training runs) gets an adapter. */
const webgpuReady: Promise<boolean> = torch.webgpu.init().catch(() => false);
void webgpuReady.then((webgpu) => scope.postMessage({ type: 'devices', webgpu }));

/**
 * The one place the device switch is applied: a CPU backend runs everything on the CPU; 'webgpu'
 * puts models and batches on the GPU, with 'auto' for what stays on the CPU (making the data).
 */
function useBackend(name: BackendName): torch.DeviceSpec {
  if (name === 'webgpu') {
    if (!torch.webgpu.isAvailable()) throw new Error('WebGPU is not available here: torch.webgpu.init() found no adapter');
    torch.setBackend('auto');
    return 'webgpu';
  }
  torch.setBackend(name);
  return 'cpu';
}

/** What the page's status line calls the choice ('auto' names the backend it routes to). */
function label(name: BackendName): string {
  return name === 'webgpu' ? 'webgpu' : torch.backendName();
}

let busy = false;
let stopRequested = false;

const run: Run = {
  post(message) {
    scope.postMessage(message);
  },
  yieldStopped() {
    return new Promise((resolve) => setTimeout(() => resolve(stopRequested), 0));
  },
};

let digits: Promise<DigitsData> | null = null;

/** The digits CSV the playground serves next to the page (gzipped, as committed). */
async function loadDigits(): Promise<DigitsData> {
  const response = await fetch(new URL('/data/digits.csv.gz', self.location.href));
  if (!response.ok || response.body === null) throw new Error(`digits.csv.gz: HTTP ${response.status}`);
  const text = await new Response(response.body.pipeThrough(new DecompressionStream('gzip'))).text();
  return parseDigitsCsv(text);
}

async function handle(request: Exclude<ToWorker, { type: 'stop' }>): Promise<void> {
  const webgpu = await webgpuReady;
  const device = useBackend(request.backend);
  const backend = label(request.backend);
  switch (request.type) {
    case 'tutorial': {
      const args = parseArgs(['--seed', request.seed]);
      // The CPU's lines always; on webgpu the GPU variant's beside them.
      runTutorial(args, (...parts) => run.post({ type: 'line', text: parts.join(' '), device: 'cpu' }));
      if (device === 'webgpu') await runTutorialOn(device, args, (...parts) => run.post({ type: 'line', text: parts.join(' '), device: 'webgpu' }));
      break;
    }
    case 'classifier':
      await trainClassifier(request.config, run, 60, device);
      break;
    case 'digits':
      digits ??= loadDigits();
      await trainDigits(await digits, request.config, run, device);
      break;
    case 'speed':
      await runSpeed(request.config, run, useBackend, webgpu);
      useBackend(request.backend);
      break;
  }
  run.post({ type: 'done', task: request.type, stopped: stopRequested, backend });
}

scope.onmessage = (event) => {
  const request = event.data;
  if (request.type === 'stop') {
    stopRequested = busy;
    return;
  }
  const task: Task = request.type;
  if (busy) {
    run.post({ type: 'error', task, message: 'a training run is already in progress: stop it first' });
    return;
  }
  busy = true;
  stopRequested = false;
  handle(request)
    .catch((err: unknown) => {
      if (request.type === 'digits') digits = null;
      run.post({ type: 'error', task, message: err instanceof Error ? err.message : String(err) });
    })
    .finally(() => {
      busy = false;
    });
};
