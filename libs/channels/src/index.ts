export * from './channel';
export * from './delivery-errors';
export * from './http-outcome';
export * from './json.channel';
export * from './safe-http';
export * from './standard-webhooks';
export * from './target-address';
