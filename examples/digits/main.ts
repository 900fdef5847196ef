/**
 * `npm run example:digits [-- --model mlp|cnn] [--epochs N] [--seed N]`: trains an MLP and a
 * small CNN on scikit-learn's 8x8 digits with the trainer (progress bar, validation, checkpoint,
 * curves), then scores them on held-out test images. Ctrl-C stops after saving a checkpoint;
 * running again continues from it.
 */
import { join } from 'node:path';
import * as torch from 'torchlet';
import { loadDigits } from './data';
import { CONFIGS, type ModelName, trainDigits } from './train';

function parse(argv: readonly string[]): { models: ModelName[]; epochs: number | null; seed: number } {
  let models: ModelName[] = ['mlp', 'cnn'];
  let epochs: number | null = null;
  let seed = 0;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--model' && (value === 'mlp' || value === 'cnn')) models = [value];
    else if (flag === '--epochs' && /^\d+$/.test(value) && Number(value) > 0) epochs = Number(value);
    else if (flag === '--seed' && /^-?\d+$/.test(value)) seed = Number(value);
    else throw new Error(`usage: npm run example:digits -- [--model mlp|cnn] [--epochs N] [--seed N] (bad: ${argv[i]})`);
  }
  return { models, epochs, seed };
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  const data = loadDigits();
  const runDir = join(__dirname, 'runs');
  const results = [];
  for (const name of args.models) {
    torch.manualSeed(args.seed);
    const config = { ...CONFIGS[name], ...(args.epochs === null ? {} : { epochs: args.epochs }) };
    const result = await trainDigits(data, config, runDir);
    results.push({ ...result, target: config.target });
    if (result.interrupted) {
      process.exitCode = 130;
      return;
    }
  }
  for (const r of results) {
    const ok = r.testAccuracy >= r.target;
    console.log(`${r.name.toUpperCase()}: test accuracy ${r.testAccuracy.toFixed(4)} (target ${r.target}) ${ok ? 'OK' : 'BELOW TARGET'}`);
    if (!ok) process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
