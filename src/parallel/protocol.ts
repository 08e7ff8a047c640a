/** What crosses between the main thread and the pool's workers (see worker.ts for the shared-memory layout). */
import type { LoadOptions } from '../scenario/index.js';

/** Index of the abort flag in the control Int32Array. */
export const CONTROL_ABORT = 0;
export const CONTROL_SLOTS = 1;

/** A scenario as the worker re-loads it: the same text and options give the same points. */
export interface ScenarioSource {
  readonly file: string;
  readonly text: string;
  readonly options: LoadOptions;
}

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
