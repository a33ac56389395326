export * from './merchants';
export * from './payments';
export * from './ledger';
export * from './processor';
export * from './worker';
export * from './risk';
export * from './monitoring';
export * from './settlement';
