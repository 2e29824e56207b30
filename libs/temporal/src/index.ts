export * from './search-attributes';
export * from './temporal-client.provider';
export * from './temporal-links';
