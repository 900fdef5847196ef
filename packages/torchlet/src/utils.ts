/** torch.utils: `torch.utils.data` is @torchlet/trainer's data module. */
export * as data from '@torchlet/trainer';
