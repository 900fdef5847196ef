/**
 * The MNIST ports' commands, when the dataset is neither in the root nor downloadable (no
 * internet): torchvision's error, then where the files go and how to run on the synthetic set.
 */
export function withDatasetHint(name: string, npmScript: string, run: () => void): void {
  try {
    run();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (!message.startsWith('Error downloading') && !message.startsWith('Dataset not found')) throw err;
    console.error(`${message}\n\n${name} is not in the dataset root and could not be downloaded. Either put its four files `
      + `(train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz, `
      + `or the same without .gz) in <root>/${name}/raw/, or run on the small synthetic stand-in shipped here:\n`
      + `  npm run ${npmScript} -- --root examples/ports/data`);
    (globalThis as { process?: { exitCode?: number } }).process!.exitCode = 1;
  }
}
