/**
 * The training worker (a module worker): runs one request at a time off the page's thread and
 * answers with the messages of messages.ts. A stop arrives between chunks of training.
 */
import * as torch from 'torchlet';
import { parseArgs, runTutorial } from '../../examples/tutorial/cli';
import type { BackendName, FromWorker, Task, ToWorker } from './messages';
import type { Run } from './run';
import { trainClassifier } from './train-classifier';
import { type DigitsData, parseDigitsCsv, trainDigits } from './train-digits';

/** The slice of a dedicated worker's global scope used here (the page's DOM types describe no worker). */
interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}
const scope = self as unknown as WorkerScope;

/** The one place the compute backend is chosen (a device switch would go here too). */
function useBackend(name: BackendName): string {
  torch.setBackend(name);
  return torch.backendName();
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
  const backend = useBackend(request.backend);
  switch (request.type) {
    case 'tutorial':
      runTutorial(parseArgs(['--seed', request.seed]), (...parts) => run.post({ type: 'line', text: parts.join(' ') }));
      break;
    case 'classifier':
      await trainClassifier(request.config, run);
      break;
    case 'digits':
      digits ??= loadDigits();
      await trainDigits(await digits, request.config, run);
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
