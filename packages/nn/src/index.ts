/**
 * @torchlet/nn: torch.nn for TypeScript. Modules are callable (`model(x)`), register what is
 * assigned to them, print like PyTorch and initialise with PyTorch's draws.
 * @example
 * import * as nn from '@torchlet/nn';
 * const F = nn.functional;
 * manualSeed(0);
 * const model = new nn.Sequential(new nn.Linear(2, 5), new nn.ReLU(), new nn.Linear(5, 3));
 * const loss = F.crossEntropy(model(x), y);
 */
export { Module, type AnyModule, type StateDict, type IncompatibleKeys } from './module';
export { Parameter } from './parameter';
export { Sequential, ModuleList, ModuleDict, type TensorModule } from './containers';
export { Linear, Bilinear, Identity, Flatten, Unflatten, type LinearOptions } from './layers/linear';
export { ReLU, LeakyReLU, ELU, GELU, SiLU, Sigmoid, Tanh, Softplus, Softmax, LogSoftmax, Dropout } from './layers/activation';
export { BatchNorm1d, BatchNorm2d, LayerNorm, GroupNorm, type BatchNormOptions } from './layers/normalization';
export { Conv1d, Conv2d, Embedding, type ConvLayerOptions, type EmbeddingOptions, type PaddingMode } from './layers/conv';
export { MaxPool2d, AvgPool2d, AdaptiveAvgPool2d } from './layers/pooling';
export { RNN, LSTM, GRU, type RNNOptions, type LSTMOptions, type ElmanOptions } from './layers/rnn';
export { RNNCell, LSTMCell, GRUCell, type CellOptions, type RnnNonlinearity } from './layers/rnn-cells';
export {
  CrossEntropyLoss, NLLLoss, MSELoss, L1Loss, SmoothL1Loss, HuberLoss, BCELoss, BCEWithLogitsLoss, KLDivLoss,
} from './losses';
export * as functional from './functional/index';
export * as init from './init';
export * as utils from './utils';
export { serialize, deserialize, deserializeWithMetadata, type SerializeOptions, type DeserializeOptions } from './safetensors';
export { save, load } from './safetensors-fs';
