export * from './search-attributes';
export * from './temporal-client.provider';
export * from './temporal-connection';
export * from './temporal-links';
