export * from './ref';
export * from './origin';
export * from './types';
export * from './github-errors';
export * from './github';
export * from './prompt';
export * from './load';
