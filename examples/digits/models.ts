/** The two models trained on the digits: a multilayer perceptron and a small CNN. */
import * as torch from 'torchlet';

const { nn } = torch;

/** 64 pixels -> 128 hidden (ReLU) -> 10 digits. */
export function mlp(): torch.nn.Sequential {
  return new nn.Sequential(new nn.Linear(64, 128), new nn.ReLU(), new nn.Linear(128, 10));
}

/** The 64 pixels as a 1x8x8 image: two 3x3 conv + ReLU + 2x2 max-pool blocks, then a linear layer. */
export function cnn(): torch.nn.Sequential {
  return new nn.Sequential(
    new nn.Unflatten(1, [1, 8, 8]),
    new nn.Conv2d(1, 32, 3, { padding: 1 }),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Conv2d(32, 64, 3, { padding: 1 }),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Flatten(),
    new nn.Linear(64 * 2 * 2, 10),
  );
}
