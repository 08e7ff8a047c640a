/**
 * The pod lifecycle (issue 6) as Kubernetes writes it, shared by the
 * Deployment reader (kube.ts) and the `workloads[]` overrides (schema.ts):
 * readiness-probe timings (core/v1 Probe field names and defaults), preStop
 * as a delay (`sleep.seconds`, or an exec `sleep N`), and the rolling
 * update's `maxSurge` / `maxUnavailable` (an integer or "N%").
 */
import { bad, intIn, maybe, report } from './issues.js';
import type { Check, Ctx } from './issues.js';
import type { Path } from './errors.js';
import { parseDuration } from './duration.js';
import type { IntOrPercent, Ns, ProbeSpec } from './types.js';

const INT32_MAX = 2_147_483_647;
const NS_PER_S = 1_000_000_000;

export const INT_OR_PERCENT = 'an integer ≥ 0 or a percentage like "25%"';

/** `maxSurge` / `maxUnavailable`: a non-negative integer or `"N%"` (intstr, as apps/v1 validates it). */
export const intOrPercent: Check<IntOrPercent> = (v) => {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v <= INT32_MAX ? { value: v, percent: false } : bad();
  if (typeof v !== 'string') return bad();
  const m = /^(\d+)%$/.exec(v);
  if (m === null) return bad();
  const n = Number(m[1]);
  return n <= INT32_MAX ? { value: n, percent: true } : bad();
};

/** `25%` or `1`: as a manifest writes it (no `;` or `,`). */
export function intOrPercentText(x: IntOrPercent): string {
  return x.percent ? `${x.value}%` : String(x.value);
}

/** The readiness-probe timings, Kubernetes' field names; each absent one is left undefined (the caller's base fills it). */
export const probeFields = {
  initialDelaySeconds: maybe('an integer ≥ 0', intIn(0, INT32_MAX)),
  periodSeconds: maybe('an integer ≥ 1', intIn(1, INT32_MAX)),
  timeoutSeconds: maybe('an integer ≥ 1', intIn(1, INT32_MAX)),
  successThreshold: maybe('an integer ≥ 1', intIn(1, INT32_MAX)),
  failureThreshold: maybe('an integer ≥ 1', intIn(1, INT32_MAX)),
};

export interface ProbeFields {
  readonly initialDelaySeconds?: number | undefined;
  readonly periodSeconds?: number | undefined;
  readonly timeoutSeconds?: number | undefined;
  readonly successThreshold?: number | undefined;
  readonly failureThreshold?: number | undefined;
}

/** `base` with the fields that are given replaced (seconds → ns). */
export function probeOver(base: ProbeSpec, f: ProbeFields): ProbeSpec {
  const s = (v: number | undefined, b: Ns): Ns => (v === undefined ? b : v * NS_PER_S);
  return {
    initialDelay: s(f.initialDelaySeconds, base.initialDelay),
    period: s(f.periodSeconds, base.period),
    timeout: s(f.timeoutSeconds, base.timeout),
    successThreshold: f.successThreshold ?? base.successThreshold,
    failureThreshold: f.failureThreshold ?? base.failureThreshold,
  };
}

const SLEEP_BIN = /^(?:(?:\/usr)?\/bin\/)?sleep$/;
const SLEEP_ARG = /^(?:\d+(?:\.\d*)?|\.\d+)[smh]?$/;
const SHELL = /^(?:(?:\/usr)?\/bin\/)?(?:ba|da|a)?sh$/;
const SHELL_SLEEP = /^\s*(?:(?:\/usr)?\/bin\/)?sleep\s+([^\s;]+)\s*;?\s*$/;

/**
 * The delay an exec preStop command stands for, when it is only a sleep:
 * `["sleep", "5"]`, `["/bin/sh", "-c", "sleep 5"]` (sh, bash, dash, ash;
 * GNU sleep's s/m/h suffixes). Null for any other command.
 */
export function execSleep(command: unknown): Ns | null {
  if (!Array.isArray(command) || !command.every((c) => typeof c === 'string')) return null;
  const argv = command as string[];
  let arg: string | undefined;
  if (argv.length === 2 && SLEEP_BIN.test(argv[0]!)) arg = argv[1];
  else if (argv.length === 3 && SHELL.test(argv[0]!) && argv[1] === '-c') arg = SHELL_SLEEP.exec(argv[2]!)?.[1];
  if (arg === undefined || !SLEEP_ARG.test(arg)) return null;
  return parseDuration(arg);
}

/** As written: a number bare, a percentage quoted. */
function got(x: IntOrPercent): string {
  return x.percent ? JSON.stringify(`${x.value}%`) : String(x.value);
}

/**
 * apps/v1's checks of a rolling update: maxUnavailable ≤ 100 %, and not
 * both 0. Reported at `at`.maxUnavailable when it is written there, else at
 * `at`.maxSurge.
 */
export function checkRolling(maxSurge: IntOrPercent, maxUnavailable: IntOrPercent, ctx: Ctx, at: Path, unavailableWritten: boolean): boolean {
  const path = [...at, unavailableWritten ? 'maxUnavailable' : 'maxSurge'];
  if (maxUnavailable.percent && maxUnavailable.value > 100) {
    report(ctx, [...at, 'maxUnavailable'], 'a percentage ≤ 100% or an integer', got(maxUnavailable));
    return false;
  }
  if (maxSurge.value === 0 && maxUnavailable.value === 0) {
    const [what, other, value] = unavailableWritten ? ['maxUnavailable', 'maxSurge', maxUnavailable] : ['maxSurge', 'maxUnavailable', maxSurge];
    report(ctx, path, `a ${what} > 0 when ${other} is 0`, got(value), 'as Kubernetes: a rollout could never progress');
    return false;
  }
  return true;
}
