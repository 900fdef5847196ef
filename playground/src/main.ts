/**
 * The playground page: reads the controls, sends requests to the training worker and draws what
 * it reports. Every section's `data-state` says idle, running, done, stopped or error.
 */
import { drawDigits, drawLoss, drawRegions, type Scatter } from './draw';
import {
  ACTIVATIONS, type BackendName, BACKENDS, type ClassifierConfig, DATASETS, type DigitsConfig, type FromWorker, GRID,
  OPTIMIZERS, type SpeedConfig, type Task, type ToWorker, type Workload,
} from './messages';

function el<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`the page has no #${id}`);
  return found as T;
}
const value = (id: string): string => el<HTMLInputElement | HTMLSelectElement>(id).value;

function oneOf<T extends string>(choices: readonly T[], v: string, what: string): T {
  if (!(choices as readonly string[]).includes(v)) throw new Error(`${what} must be one of ${choices.join(', ')}, not '${v}'`);
  return v as T;
}
function number(id: string, what: string, { integer = false, min = -Infinity } = {}): number {
  const n = Number(value(id));
  if (value(id).trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min) {
    throw new Error(`${what} must be ${integer ? 'an integer' : 'a number'}${min > -Infinity ? ` >= ${min}` : ''}, not '${value(id)}'`);
  }
  return n;
}
/** "16,16" -> [16, 16]; an empty field is a linear model. */
function hiddenSizes(text: string): number[] {
  if (text.trim() === '') return [];
  return text.split(',').map((part) => {
    const n = Number(part.trim());
    if (!Number.isInteger(n) || n < 1 || n > 1024) throw new Error(`hidden layer sizes are integers in 1..1024 separated by commas, not '${text}'`);
    return n;
  });
}

const status = el<HTMLParagraphElement>('status');
const stopButton = el<HTMLButtonElement>('stop');
const runButtons: Record<Task, HTMLButtonElement> = {
  tutorial: el('tutorial-run'),
  classifier: el('classifier-run'),
  digits: el('digits-run'),
  speed: el('speed-run'),
};

const worker = new Worker('worker.js', { type: 'module' });
let running: Task | null = null;
/** The last progress shown ("epoch 12 · 0.40 ms per step"), kept in the final status line. */
let progressText = '';
let scatter: Scatter | null = null;
let curve: { epochs: number[]; losses: number[]; maxEpoch: number } = { epochs: [], losses: [], maxEpoch: 1 };

function setState(task: Task, state: 'idle' | 'running' | 'done' | 'stopped' | 'error'): void {
  el(task).dataset.state = state;
}

function start(request: Exclude<ToWorker, { type: 'stop' }>): void {
  running = request.type;
  progressText = '';
  setState(request.type, 'running');
  for (const b of Object.values(runButtons)) b.disabled = true;
  stopButton.disabled = request.type === 'tutorial';
  status.textContent = request.type === 'speed' ? 'Running the benchmark on every device…' : `Running the ${request.type} on the ${request.backend} backend…`;
  worker.postMessage(request);
}

function finish(task: Task, state: 'done' | 'stopped' | 'error', text: string): void {
  running = null;
  setState(task, state);
  for (const b of Object.values(runButtons)) b.disabled = false;
  stopButton.disabled = true;
  status.textContent = text;
}

function backend(): BackendName {
  return oneOf(BACKENDS, value('backend'), 'the backend');
}

function fail(task: Task, err: unknown): void {
  finish(task, 'error', `Error: ${err instanceof Error ? err.message : String(err)}`);
}

function fmt(n: number, digits: number): string {
  return Number.isFinite(n) ? n.toFixed(digits) : String(n);
}

/** The speed table's cell for a runtime ('torchlet js', 'tfjs webgpu'...) and workload, its row made on first use. */
function speedCell(runtime: string, workload: Workload): HTMLTableCellElement {
  const rows = el<HTMLTableSectionElement>('speed-rows');
  let row = Array.from(rows.rows).find((r) => r.dataset.runtime === runtime);
  if (row === undefined) {
    row = rows.insertRow();
    row.dataset.runtime = runtime;
    const [library = '', device = ''] = runtime.split(' ');
    row.insertCell().textContent = `${library} · ${device}`;
    for (const w of ['W2', 'W4']) {
      const cell = row.insertCell();
      cell.dataset.workload = w;
      cell.textContent = '…';
    }
  }
  return row.querySelector<HTMLTableCellElement>(`td[data-workload="${workload}"]`)!;
}

function onMessage(msg: FromWorker): void {
  switch (msg.type) {
    case 'devices':
      if (msg.webgpu) {
        el('gpu-devices').hidden = false;
        el('gpu-devices').querySelector('option')!.disabled = false;
      }
      break;
    case 'line':
      el(msg.device === 'cpu' ? 'tutorial-output' : 'tutorial-output-gpu').textContent += `${msg.text}\n`;
      break;
    case 'speed': {
      const cell = speedCell(msg.runtime, msg.workload);
      cell.textContent = msg.ms === null ? 'n/a' : fmt(msg.ms, 2);
      cell.className = msg.ms === null ? 'none' : '';
      if (msg.ms !== null) cell.dataset.ms = String(msg.ms);
      if (msg.note !== undefined) cell.title = msg.note;
      break;
    }
    case 'points':
      scatter = { points: msg.points, labels: msg.labels, bounds: msg.bounds };
      drawRegions(el('c-regions'), scatter, null, GRID);
      break;
    case 'progress':
      progressText = `epoch ${msg.epoch} · ${fmt(msg.msPerStep, 2)} ms per step`;
      status.textContent = `Training the ${msg.task}: ${progressText}`;
      if (msg.task === 'classifier') {
        el('c-epoch').textContent = String(msg.epoch);
        el('c-loss-value').textContent = fmt(msg.loss, 4);
        el('c-accuracy').textContent = `${fmt(100 * msg.accuracy, 1)}%`;
        el('c-accuracy').dataset.value = String(msg.accuracy);
        curve.epochs.push(msg.epoch);
        curve.losses.push(msg.loss);
        drawLoss(el('c-loss'), curve.epochs, curve.losses, curve.maxEpoch);
        if (scatter !== null && msg.grid !== undefined) drawRegions(el('c-regions'), scatter, msg.grid, GRID);
      } else if (msg.task === 'digits') {
        el('d-epoch').textContent = String(msg.epoch);
        el('d-loss').textContent = fmt(msg.loss, 4);
        el('d-train-accuracy').textContent = `${fmt(100 * msg.accuracy, 1)}%`;
      }
      break;
    case 'predictions': {
      const shown = drawDigits(el('d-grid'), msg.images, msg.labels, msg.predicted);
      let wrong = 0;
      msg.labels.forEach((l, i) => { if (msg.predicted[i] !== l) wrong++; });
      el('d-accuracy').textContent = `${fmt(100 * msg.accuracy, 1)}%`;
      el('d-accuracy').dataset.value = String(msg.accuracy);
      el('d-caption').textContent = `The first ${shown} of ${msg.labels.length} test images; ${wrong} of all ${msg.labels.length} are misclassified (red: prediction, then the true digit)`;
      break;
    }
    case 'done':
      finish(msg.task, msg.stopped ? 'stopped' : 'done', msg.task === 'speed'
        ? `${msg.stopped ? 'Stopped' : 'Finished'} the benchmark.`
        : `${msg.stopped ? 'Stopped' : 'Finished'} the ${msg.task} on the ${msg.backend} backend${progressText === '' ? '' : `: ${progressText}`}.`);
      break;
    case 'error':
      if (msg.task === 'tutorial') el('tutorial-output').textContent += `${msg.message}\n`;
      finish(msg.task, 'error', `Error in the ${msg.task}: ${msg.message}`);
      break;
  }
}

worker.onmessage = (event: MessageEvent<FromWorker>) => onMessage(event.data);
worker.onerror = (event) => {
  event.preventDefault();
  if (running !== null) fail(running, new Error(event.message || 'the worker failed to load'));
};

el<HTMLFormElement>('tutorial-form').addEventListener('submit', (event) => {
  event.preventDefault();
  el('tutorial-output').textContent = '';
  el('tutorial-output-gpu').textContent = '';
  try {
    // on webgpu the GPU variant's lines go beside the CPU's
    const gpu = backend() === 'webgpu';
    el('tutorial-gpu').hidden = !gpu;
    el('tutorial-cpu-title').textContent = gpu ? 'CPU (auto)' : 'CPU';
    const seed = value('tutorial-seed').trim();
    // the tutorial's own check (argparse's int), worded for the page
    if (!/^[-+]?\d+$/.test(seed)) throw new Error(`the seed must be an integer, not '${seed}'`);
    start({ type: 'tutorial', backend: backend(), seed });
  } catch (err) {
    fail('tutorial', err);
  }
});

el<HTMLFormElement>('classifier-form').addEventListener('submit', (event) => {
  event.preventDefault();
  try {
    const config: ClassifierConfig = {
      dataset: oneOf(DATASETS, value('c-dataset'), 'the dataset'),
      count: number('c-count', 'Points', { integer: true, min: 4 }),
      noise: number('c-noise', 'Noise', { min: 0 }),
      hidden: hiddenSizes(value('c-hidden')),
      activation: oneOf(ACTIVATIONS, value('c-activation'), 'the activation'),
      optimizer: oneOf(OPTIMIZERS, value('c-optimizer'), 'the optimizer'),
      lr: number('c-lr', 'The learning rate', { min: 0 }),
      batchSize: number('c-batch', 'The batch size', { integer: true, min: 1 }),
      epochs: number('c-epochs', 'Epochs', { integer: true, min: 1 }),
      seed: number('c-seed', 'The seed', { integer: true, min: 0 }),
    };
    curve = { epochs: [], losses: [], maxEpoch: config.epochs };
    drawLoss(el('c-loss'), [], [], config.epochs);
    start({ type: 'classifier', backend: backend(), config });
  } catch (err) {
    fail('classifier', err);
  }
});

el<HTMLFormElement>('digits-form').addEventListener('submit', (event) => {
  event.preventDefault();
  try {
    const config: DigitsConfig = {
      epochs: number('d-epochs', 'Epochs', { integer: true, min: 1 }),
      lr: number('d-lr', 'The learning rate', { min: 0 }),
      batchSize: number('d-batch', 'The batch size', { integer: true, min: 1 }),
      seed: number('d-seed', 'The seed', { integer: true, min: 0 }),
    };
    start({ type: 'digits', backend: backend(), config });
  } catch (err) {
    fail('digits', err);
  }
});

el<HTMLFormElement>('speed-form').addEventListener('submit', (event) => {
  event.preventDefault();
  try {
    const config: SpeedConfig = {
      warmup: number('s-warmup', 'Warm-up steps', { integer: true, min: 0 }),
      steps: number('s-steps', 'Timed steps', { integer: true, min: 1 }),
    };
    el('speed-rows').textContent = '';
    start({ type: 'speed', backend: backend(), config });
  } catch (err) {
    fail('speed', err);
  }
});

stopButton.addEventListener('click', () => {
  if (running !== null) worker.postMessage({ type: 'stop' } satisfies ToWorker);
});

drawLoss(el('c-loss'), [], [], 1);
