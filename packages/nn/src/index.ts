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
export { ParameterList, ParameterDict } from './param-containers';
export { Linear, Bilinear, Identity, Flatten, Unflatten, type LinearOptions } from './layers/linear';
export { ReLU, LeakyReLU, ELU, GELU, SiLU, Sigmoid, Tanh, Softplus, Softmax, LogSoftmax, Dropout } from './layers/activation';
export {
  CELU, SELU, Hardswish, Hardsigmoid, Hardtanh, ReLU6, PReLU, RReLU, Mish, Softsign, Softmin, Tanhshrink, Softshrink,
  Hardshrink, Threshold, GLU, LogSigmoid, Softmax2d,
} from './layers/activation-extra';
export {
  BatchNorm1d, BatchNorm2d, BatchNorm3d, InstanceNorm1d, InstanceNorm2d, InstanceNorm3d, LayerNorm, GroupNorm, type BatchNormOptions,
} from './layers/normalization';
export { LocalResponseNorm, RMSNorm } from './layers/norm-extra';
export { Dropout1d, Dropout2d, Dropout3d, AlphaDropout, FeatureAlphaDropout } from './layers/dropout';
export { EmbeddingBag, type EmbeddingBagLayerOptions } from './layers/embedding-bag';
export { CosineSimilarity, PairwiseDistance } from './layers/distance';
export { Conv1d, Conv2d, Conv3d, Embedding, type ConvLayerOptions, type EmbeddingOptions, type PaddingMode } from './layers/conv';
export { ConvTranspose1d, ConvTranspose2d, ConvTranspose3d, type ConvTransposeLayerOptions } from './layers/conv-transpose';
export {
  ZeroPad1d, ZeroPad2d, ZeroPad3d, ConstantPad1d, ConstantPad2d, ConstantPad3d, ReflectionPad1d, ReflectionPad2d, ReflectionPad3d,
  ReplicationPad1d, ReplicationPad2d, ReplicationPad3d, CircularPad1d, CircularPad2d, CircularPad3d,
} from './layers/padding';
export { PixelShuffle, PixelUnshuffle } from './layers/pixel-shuffle';
export { MaxPool2d, AvgPool2d, AdaptiveAvgPool2d } from './layers/pooling';
export { RNN, LSTM, GRU, type RNNOptions, type LSTMOptions, type ElmanOptions } from './layers/rnn';
export { RNNCell, LSTMCell, GRUCell, type CellOptions, type RnnNonlinearity } from './layers/rnn-cells';
export { MultiheadAttention, NonDynamicallyQuantizableLinear, type MultiheadAttentionOptions, type MultiheadAttentionCallOptions } from './layers/attention';
export {
  TransformerEncoderLayer, TransformerDecoderLayer, TransformerEncoder, TransformerDecoder, Transformer,
  type TransformerLayerOptions, type TransformerOptions, type TransformerCallOptions, type Activation,
} from './layers/transformer';
export {
  MaxPool1d, MaxPool3d, AvgPool1d, AvgPool3d, AdaptiveAvgPool1d, AdaptiveAvgPool3d, AdaptiveMaxPool1d, AdaptiveMaxPool2d,
  AdaptiveMaxPool3d, LPPool1d, LPPool2d, FractionalMaxPool2d, MaxUnpool1d, MaxUnpool2d, MaxUnpool3d,
} from './layers/pooling-extra';
export { Upsample, UpsamplingNearest2d, UpsamplingBilinear2d, type UpsampleOptions } from './layers/upsample';
export {
  CrossEntropyLoss, NLLLoss, MSELoss, L1Loss, SmoothL1Loss, HuberLoss, BCELoss, BCEWithLogitsLoss, KLDivLoss,
} from './losses';
export {
  MarginRankingLoss, TripletMarginLoss, TripletMarginWithDistanceLoss, CosineEmbeddingLoss, HingeEmbeddingLoss, SoftMarginLoss,
  MultiLabelSoftMarginLoss, MultiLabelMarginLoss, MultiMarginLoss, PoissonNLLLoss, GaussianNLLLoss, CTCLoss,
} from './losses-extra';
export * as functional from './functional/index';
export * as init from './init';
export * as utils from './utils';
export { serialize, deserialize, deserializeWithMetadata, type SerializeOptions, type DeserializeOptions } from './safetensors';
export { save, load } from './safetensors-fs';
export { torchSerialize } from './torch-save';
export { torchDeserialize, type TorchLoadOptions } from './torch-save-load';
export { torchSave, torchLoad } from './torch-save-fs';
