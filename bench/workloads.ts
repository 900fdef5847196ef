/**
 * The workloads' fixed data, shared by every torchlet run (the peers in peers/ repeat the same
 * constants: they run outside the TypeScript build).
 * W1: the tutorial's 2-5-3 MLP on its 6 samples. W2: 784-256-10 MLP, batch 128 (and 16, 1024).
 * W3: square float32 matmul, n = 512 and 1024. W4: Conv2d 1->8 3x3, ReLU, MaxPool2d 2,
 * Linear 1352->10 on 64 28x28 images. Random: randn(1e6) and rand(1e6), float32.
 * W1, W2 and W4 are one step: forward, cross-entropy (mean), backward, SGD (lr 0.01).
 * W5: one step of examples/tiny-gpt's GPT (tools/parity/tiny_gpt.py on the PyTorch side):
 * forward, cross-entropy, backward, clip_grad_norm_ 1.0, AdamW with decay groups.
 */
export const w1Data = {
  x: [[0, 0], [1, 0], [1, 1], [0, 0], [0, 0], [0, 1]],
  y: [0, 1, 2, 0, 0, 2],
};

/** W2's labels for a batch (128 in the W2 row; 16 and 1024 in W2b16 and W2b1024). */
export function w2Labels(batch = 128): number[] {
  return Array.from({ length: batch }, (_, i) => (i * 7) % 10);
}

/** W4's 64 labels. */
export function w4Labels(): number[] {
  return Array.from({ length: 64 }, (_, i) => (i * 3) % 10);
}

/** W5's model and batch: examples/tiny-gpt's defaults (76 is the size of its character vocabulary). */
export const w5Sizes = { batchSize: 8, blockSize: 32, nLayer: 2, nHead: 4, nEmbd: 64, vocabSize: 76 };

/** W5's token windows x and their next-character targets y (fixed, no random draws). */
export function w5Tokens(): { x: number[][]; y: number[][] } {
  const { batchSize, blockSize, vocabSize } = w5Sizes;
  const row = (b: number, shift: number): number[] =>
    Array.from({ length: blockSize }, (_, t) => ((b * 31 + (t + shift) * 7) % vocabSize));
  return {
    x: Array.from({ length: batchSize }, (_, b) => row(b, 0)),
    y: Array.from({ length: batchSize }, (_, b) => row(b, 1)),
  };
}
