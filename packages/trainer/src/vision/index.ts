/** torchvision for torchlet: `datasets` (MNIST, FashionMNIST) and `transforms` (ToTensor, Normalize, Compose, Lambda). */
export * as datasets from './datasets';
export * as transforms from './transforms';
