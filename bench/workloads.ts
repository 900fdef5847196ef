/**
 * The workloads' fixed data, shared by every torchlet run (the peers in peers/ repeat the same
 * constants: they run outside the TypeScript build).
 * W1: the tutorial's 2-5-3 MLP on its 6 samples. W2: 784-256-10 MLP, batch 128. W3: 512x512
 * float32 matmul. W4: Conv2d 1->8 3x3, ReLU, MaxPool2d 2, Linear 1352->10 on 64 28x28 images.
 * Every training workload is one step: forward, cross-entropy (mean), backward, SGD (lr 0.01).
 */
export const w1Data = {
  x: [[0, 0], [1, 0], [1, 1], [0, 0], [0, 0], [0, 1]],
  y: [0, 1, 2, 0, 0, 2],
};

/** W2's 128 labels. */
export function w2Labels(): number[] {
  return Array.from({ length: 128 }, (_, i) => (i * 7) % 10);
}

/** W4's 64 labels. */
export function w4Labels(): number[] {
  return Array.from({ length: 64 }, (_, i) => (i * 3) % 10);
}
