/**
 * The scenario event actions the simulator runs (DESIGN.md "Events"). The
 * loader accepts every action of DESIGN.md's table and reports one missing
 * here as "not yet supported" at its position.
 */
import type { EventAction } from '../scenario/types.js';

export const SUPPORTED_ACTIONS: ReadonlySet<EventAction> = new Set<EventAction>([
  'kill-pod',
  'hang-pod',
  'slow-pod',
  'node-down',
  'node-up',
  'scale',
  'rollout',
  'relabel-pod',
  'partition',
  'set',
]);
