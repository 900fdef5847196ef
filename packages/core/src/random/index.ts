export * from './generator';
export * from './distributions';
