export * from './change-versions';
export * from './entities';
export * from './ids';
export * from './orm-options';
export * from './migrate';
export * from './persistence.module';
export * from './secret-box';
export * from './signing-secrets';
