/**
 * Browser page: the built file (build-browser.mjs's torchlet.js, served at /torchlet.js) imported
 * at run time as a plain `<script type="module">` would import it, with no bundler: a product,
 * a gradient, the wasm backend, and torch.save/torch.load bytes.
 */
type Torch = typeof import('torchlet');

interface PageGlobals {
  __done(result: unknown): void;
}

async function main(): Promise<void> {
  const url = '/torchlet.js'; // a variable, so the page's own bundler leaves the import to the browser
  const torch = (await import(url)) as Torch;
  torch.setBackend('wasm');
  const a = torch.tensor([[1, 2], [3, 4]], { dtype: 'float32', requiresGrad: true });
  const y = a.matmul(a).sum();
  y.backward();
  const back = torch.load<{ a: import('torchlet').Tensor }>(torch.save({ a: a.detach() }));
  (globalThis as unknown as PageGlobals).__done({
    y: y.item(),
    grad: a.grad?.tolist(),
    loaded: back.a.tolist(),
    backend: torch.backendName(),
    nn: typeof torch.nn.Linear,
  });
}
void main();
