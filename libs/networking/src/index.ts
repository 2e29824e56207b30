export * from './safe-http';
export * from './target-address';
export * from './target-policy';
