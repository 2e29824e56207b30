export * from './events';
export * from './webhooks';
export * from './deliveries';
export * from './temporal';
export * from './activities';
export * from './blob-gc';
export * from './roles';
