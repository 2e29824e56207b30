export * from './path-filter';
export * from './subscription-rule';
