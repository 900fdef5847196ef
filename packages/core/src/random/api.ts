/** torch.random: the seeding and state functions of PyTorch's namespace of that name. */
export { Generator, defaultGenerator, manualSeed, seed, initialSeed, getRngState, setRngState } from './index';
