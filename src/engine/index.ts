export * from './rng.js';
export * from './event-queue.js';
export * from './engine.js';
export * from './distributions.js';
