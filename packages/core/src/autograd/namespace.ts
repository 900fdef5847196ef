/** torch.autograd: grad, backward, gradcheck, gradgradcheck, Function. */
export { grad, backward, type GradOptions } from './api';
export { gradcheck, gradgradcheck } from './gradcheck';
export { Function, FunctionCtx } from './function';
export { RemovableHandle } from './hooks';
