export * from './topics.ts';
export * from './payloads.ts';
export * from './domain.ts';
export * from './realtime.ts';
export * from './rest.ts';
export * from './openapi.ts';
export * from './plate.ts';
export * from './kiosk.ts';
