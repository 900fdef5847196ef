/**
 * Browser page: the scenario (./scenario.ts) on the js, wasm and auto backends, and its fit(), through the
 * umbrella's browser entry, plus what must hold in a browser: no `process`, the file forms of
 * save/load refusing with a pointer to the bytes forms, and whether wasm loaded shared memory.
 */
import * as torch from 'torchlet';
import { runFit, runScenario } from './scenario';

interface PageGlobals {
  __done(result: unknown): void;
  crossOriginIsolated?: boolean;
}
const page = globalThis as unknown as PageGlobals;

function thrown(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  return '';
}

async function main(): Promise<void> {
  const runs = [];
  for (const backend of ['js', 'wasm', 'auto']) runs.push(await runScenario(backend));
  page.__done({
    runs,
    fit: await runFit(),
    hasProcess: typeof (globalThis as { process?: unknown }).process !== 'undefined',
    crossOriginIsolated: page.crossOriginIsolated === true,
    saveToPath: thrown(() => torch.save({}, 'model.pth')),
    loadFromPath: thrown(() => torch.nn.load('model.safetensors')),
  });
}
void main();
