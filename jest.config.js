/** Tests run TypeScript sources directly: workspace packages resolve to src, no build needed. */
module.exports = {
  testEnvironment: 'node',
  // Two cores here and in CI: run test files in parallel.
  maxWorkers: 2,
  roots: ['<rootDir>/packages', '<rootDir>/examples', '<rootDir>/tools', '<rootDir>/playground'],
  testMatch: ['**/test/**/*.test.ts', '**/examples/**/*.test.ts', '**/tools/pack/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
  moduleNameMapper: {
    '^@torchlet/(core|nn|optim|trainer|native)$': '<rootDir>/packages/$1/src/index.ts',
    '^@torchlet/core/backend$': '<rootDir>/packages/core/src/backend-kit.ts',
    '^@torchlet/core/internal$': '<rootDir>/packages/core/src/internal.ts',
    '^torchlet$': '<rootDir>/packages/torchlet/src/index.ts',
  },
};
