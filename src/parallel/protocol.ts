/** What crosses between the main thread and the pool's workers (see worker.ts for the shared-memory layout). */
import type { LoadedScenario } from '../scenario/index.js';

/** Index of the abort flag in the control Int32Array. */
export const CONTROL_ABORT = 0;
export const CONTROL_SLOTS = 1;

/**
 * A scenario as a worker needs it: its name, sweep keys and resolved points
 * (plain data — scenario/types.ts keeps PointModel structured-clone safe),
 * cloned once per worker at start-up, so that a worker carries no YAML
 * loader and parses nothing.
 */
export type ScenarioSource = Pick<LoadedScenario, 'name' | 'sweepKeys' | 'points'>;

export interface PoolWorkerData {
  readonly sources: readonly ScenarioSource[];
  /** SharedArrayBuffer of an Int32Array(CONTROL_SLOTS). */
  readonly control: SharedArrayBuffer;
  /** SharedArrayBuffer of a Float64Array(slots): arrivals of the task in each slot. */
  readonly progress: SharedArrayBuffer;
}

export interface TaskMessage {
  readonly scenario: number;
  readonly point: number;
  readonly run: number;
  /** Progress slot (0 … slots − 1) the task writes its arrivals to. */
  readonly slot: number;
}
