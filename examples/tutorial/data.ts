/**
 * The tutorial's data: 6 samples with 2 features, 3 classes, and the layer sizes
 * (the post's `x_data`, `y_data`, `num_features`, `num_classes`, `n_hidden_1`).
 */
import * as torch from 'torchlet';

export const xData = [[0, 0], [1, 0], [1, 1], [0, 0], [0, 0], [0, 1]];
export const xDataTorch = torch.tensor(xData).float();
export const yData = [0, 1, 2, 0, 0, 2];
export const yDataTorch = torch.tensor(yData);
export const numFeatures = 2;
export const numClasses = 3;
export const nHidden1 = 5;

/** Where the tutorial prints (console.log by default; tests collect the lines). */
export type Print = (...parts: string[]) => void;
