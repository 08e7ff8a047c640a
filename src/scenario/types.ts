/**
 * The resolved scenario model: what `scenario/` hands to the rest of the
 * simulator once a file has been parsed, validated and expanded into sweep
 * points. Everything here is plain data (structured-clone safe, so a point can
 * be posted to a worker thread). Times are integer nanoseconds.
 */
import type { ProxyModeName } from '../routing/modes.js';

import type { DistSpec } from '../engine/distributions.js';

/** Integer nanoseconds. */
export type Ns = number;

/** A place in a source file, 1-based like editors show it. */
export interface SourcePos {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly matchExpressions: readonly LabelSelectorRequirement[];
}

export interface ServicePortSpec {
  /** '' when the port is unnamed (allowed only for a single-port Service). */
  readonly name: string;
  readonly port: number;
  /** Number, or the name of a container port. Defaults to `port`. */
  readonly targetPort: number | string;
  readonly protocol: Protocol;
}

/** A `v1 Service`, reduced to what routing needs. */
export interface ServiceSpec {
  readonly name: string;
  readonly namespace: string;
  /** Equality selector (`spec.selector`); null = no selector, endpoints come from EndpointSlices. */
  readonly selector: Readonly<Record<string, string>> | null;
  readonly ports: readonly ServicePortSpec[];
  /** Explicit `spec.clusterIP` as an IPv4 u32, or null to allocate one. */
  readonly clusterIP: number | null;
  /** `clusterIP: None` or `type: ExternalName`: no virtual IP, no kube-proxy rules. */
  readonly headless: boolean;
  readonly internalTrafficPolicy: 'Cluster' | 'Local';
  /** `sessionAffinity: ClientIP` → its timeoutSeconds (default 10800); 0 = no affinity. */
  readonly affinityTimeoutSeconds: number;
  /** `trafficDistribution: PreferClose` (or its alias PreferSameZone): same-zone endpoints while the zone has any. */
  readonly preferClose: boolean;
  readonly pos: SourcePos;
}

export interface ContainerPortSpec {
  readonly name: string;
  readonly containerPort: number;
  readonly protocol: Protocol;
}

/** An `apps/v1 Deployment`, reduced to what routing needs. */
export interface DeploymentSpec {
  readonly name: string;
  readonly namespace: string;
  readonly replicas: number;
  readonly selector: LabelSelector;
  /** `spec.template.metadata.labels`. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Deployment's own `metadata.labels` (kubectl expose copies them). */
  readonly labels: Readonly<Record<string, string>>;
  /** Every container's ports, in manifest order. */
  readonly containerPorts: readonly ContainerPortSpec[];
  readonly hasReadinessProbe: boolean;
  readonly terminationGracePeriodSeconds: number;
  /**
   * The pod lifecycle the manifest says (first container's readinessProbe and
   * lifecycle.preStop, terminationGracePeriodSeconds, strategy.rollingUpdate),
   * Kubernetes' defaults filled in. A `workloads[]` entry's overrides are
   * merged into WorkloadSpec.lifecycle, not here.
   */
  readonly lifecycle: PodLifecycleSpec;
  readonly pos: SourcePos;
}

export interface EndpointSpec {
  readonly address: number; // IPv4 u32
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
  readonly nodeName: string | null;
  readonly zone: string | null;
  /** `targetRef.name`, else `hostname`, else null: the name the endpoint's server gets (else its address). */
  readonly name: string | null;
}

/** A `discovery.k8s.io/v1 EndpointSlice` (IPv4 only). */
export interface EndpointSliceSpec {
  readonly name: string;
  readonly namespace: string;
  /** `metadata.labels["kubernetes.io/service-name"]`. */
  readonly serviceName: string;
  readonly ports: readonly { readonly name: string; readonly port: number; readonly protocol: Protocol }[];
  readonly endpoints: readonly EndpointSpec[];
  readonly pos: SourcePos;
}

/**
 * A service-time distribution (engine/distributions.ts owns the shape):
 * constant | exponential take `mean`; uniform adds `spread` (uniform on
 * [mean − spread, mean + spread]); lognormal adds `sigma`, the standard
 * deviation of ln(X). Durations in ns.
 */
export type ServiceTimeSpec = DistSpec;

export interface WorkloadSpec {
  /** Deployment name (namespace `default` unless `namespace` is set); '' when the entry names an EndpointSlice. */
  readonly deployment: string;
  /** EndpointSlice name (a selector-less Service's endpoints); null when the entry names a Deployment. */
  readonly endpointSlice: string | null;
  readonly namespace: string;
  readonly serviceTime: ServiceTimeSpec;
  /** Requests served at once per pod; the rest queue FIFO. */
  readonly concurrency: number;
  readonly startupTime: Ns;
  /** Requests that may wait in a pod's queue; one more is answered 503 → `rejected`. null = the default guard. */
  readonly queueLimit: number | null;
  /**
   * The pod's lifecycle (issue 6), read from the Deployment where Kubernetes
   * says it and overridable under `workloads[]`. Optional so that hand-made
   * specs (tests) need not give it: absent = `DEFAULT_LIFECYCLE`.
   */
  readonly lifecycle?: PodLifecycleSpec;
  readonly pos: SourcePos;
}

/** core/v1 Probe, resolved (KUBE-FACTS §7 defaults: 0 s, 10 s, 1 s, 1, 3). */
export interface ProbeSpec {
  readonly initialDelay: Ns;
  readonly period: Ns;
  readonly timeout: Ns;
  readonly successThreshold: number;
  readonly failureThreshold: number;
}

/** `maxSurge` / `maxUnavailable`: an absolute count, or a percentage of replicas. */
export interface IntOrPercent {
  readonly value: number;
  readonly percent: boolean;
}

export interface PodLifecycleSpec {
  /** null: no readiness probe — the pod is ready as soon as its container has started. */
  readonly readinessProbe: ProbeSpec | null;
  /** `lifecycle.preStop` (sleep.seconds, or exec `sleep N`) → delay before SIGTERM; 0 = none. */
  readonly preStop: Ns;
  /** SIGTERM → SIGKILL (default 30 s). */
  readonly terminationGracePeriod: Ns;
  /** Deployment `strategy.rollingUpdate` (defaults 25 % / 25 %). */
  readonly maxSurge: IntOrPercent;
  readonly maxUnavailable: IntOrPercent;
}

export const DEFAULT_PROBE: ProbeSpec = {
  initialDelay: 0,
  period: 10_000_000_000,
  timeout: 1_000_000_000,
  successThreshold: 1,
  failureThreshold: 3,
};

export const DEFAULT_LIFECYCLE: PodLifecycleSpec = {
  readinessProbe: null,
  preStop: 0,
  terminationGracePeriod: 30_000_000_000,
  maxSurge: { value: 25, percent: true },
  maxUnavailable: { value: 25, percent: true },
};

export type TargetSpec =
  /** `svc[.ns][.svc.cluster.local]:port` — port is the Service port number or name. */
  | { readonly kind: 'name'; readonly service: string; readonly namespace: string; readonly port: number | string }
  /** `a.b.c.d:port`. */
  | { readonly kind: 'ip'; readonly ip: number; readonly port: number };

/**
 * How a client uses connections (L4 modes balance connections; the mesh
 * balances each request whatever this says). `requestsPerConnection`: 1 = a
 * new connection per request, N = keep-alive (N requests in sequence, one at
 * a time), Infinity with `persistent` (one multiplexed connection per client
 * for the whole run, as gRPC). `lifetime`: a connection is closed after this
 * long (null: never).
 */
export interface ConnectionSpec {
  readonly requestsPerConnection: number;
  readonly lifetime: Ns | null;
  readonly persistent: boolean;
}

export type FromSpec =
  | { readonly kind: 'all' }
  | { readonly kind: 'nodes'; readonly nodes: readonly string[] }
  | { readonly kind: 'zone'; readonly zone: string };

export interface TrafficSpec {
  readonly name: string;
  readonly target: TargetSpec;
  readonly targetText: string;
  readonly from: FromSpec;
  /** Client pods per sending node. */
  readonly clients: number;
  /** Open loop: poisson | constant at `rate` per second. `closed`: rate 0, see `closed`. */
  readonly arrival: { readonly process: 'poisson' | 'constant' | 'closed'; readonly rate: number };
  readonly connection: ConnectionSpec;
  /** null = no timeout. */
  readonly timeout: Ns | null;
  /** `traffic[].retry`; absent or null = no retries. */
  readonly retry?: RetrySpec | null;
  /** `arrival.process: closed`: N users in all, each thinking exp(thinkTime) between a response and its next request. Absent = open loop. */
  readonly closed?: { readonly users: number; readonly thinkTime: Ns } | null;
  readonly pos: SourcePos;
}

/** An error kind a retry may follow (metrics/run-result.ts ERROR_KINDS). */
export type RetryOn = 'refused' | 'reset' | 'timeout' | 'dropped' | 'rejected';

export interface RetrySpec {
  /** Extra tries after the first. */
  readonly attempts: number;
  /** Full-jitter exponential backoff: try k waits U(0, min(maxBackoff, backoff · 2^(k−1))). */
  readonly backoff: Ns;
  readonly maxBackoff: Ns;
  readonly on: readonly RetryOn[];
  /** Retries ≤ budget × first tries over the run; null = no budget. */
  readonly budget: number | null;
}

export type ProxyMode = ProxyModeName;

export interface ProxySpec {
  readonly mode: ProxyMode;
  /** The mode's variant (IPVS scheduler, eBPF/mesh algorithm), resolved with its default; '' for modes without one. */
  readonly variant: string;
  /** Registry name of the policy (routing/modes.ts policyName): `iptables`, `ipvs/lc`, … */
  readonly policy: string;
  /** IPVS scheduler as given (default 'rr'); read only in mode ipvs. */
  readonly scheduler: string;
  /** eBPF / mesh algorithm as given ('' when absent outside those modes). */
  readonly algorithm: string;
  /** Maglev table size (ebpf maglev; default 16381). */
  readonly maglevTableSize: number;
  /** Data-plane cost per new connection: 'auto' (calibrated per mode) or a fixed duration. */
  readonly cost: 'auto' | Ns;
}

export interface NodeSpec {
  readonly name: string;
  readonly zone: string;
}

export interface ClusterSpec {
  readonly nodes: readonly NodeSpec[];
  readonly zones: readonly string[];
  readonly proxy: ProxySpec;
  /**
   * One-way latency between nodes; `externalLatency`: to an endpoint on no
   * node (selector-less Services), one way. The loader always sets it;
   * optional so that hand-made specs (tests) need not (absent = 1ms).
   */
  readonly network: { readonly latency: Ns; readonly externalLatency?: Ns };
  /** The service CIDR ClusterIPs come from (the loader always sets it; absent = `10.96.0.0/12`). */
  readonly serviceCIDR?: string;
  readonly background: { readonly services: number; readonly endpointsPerService: number };
  /** `cluster.controlPlane`, every default filled in; absent (hand-made specs) = DEFAULT_CONTROL_PLANE. */
  readonly controlPlane?: ControlPlaneSpec;
}

/** `cluster.controlPlane` (DESIGN.md "Control-plane delays", KUBE-FACTS §7). Durations in ns. */
export interface ControlPlaneSpec {
  /** API server write → each watcher (kube-proxy, the EndpointSlice controller). */
  readonly watchDelay: Ns;
  /** EndpointSlice controller `--endpointslice-updates-batch-period`. */
  readonly endpointSliceBatch: Ns;
  /** kubelet: a pod status change → written to the API server. */
  readonly podStatusDelay: Ns;
  /** kubelet: a container exit is seen after U(0, exitDetection) (PLEG relist). */
  readonly exitDetection: Ns;
  readonly minSyncPeriod: Ns;
  readonly syncPeriod: Ns;
  readonly restore: 'full' | 'partial';
  /** Duration of one kube-proxy sync: 'auto' (grows with the rules rewritten) or fixed. */
  readonly syncCost: 'auto' | Ns;
  readonly nodeMonitorGracePeriod: Ns;
  readonly tolerationSeconds: Ns;
}

export const DEFAULT_CONTROL_PLANE: ControlPlaneSpec = {
  watchDelay: 25_000_000,
  endpointSliceBatch: 0,
  podStatusDelay: 0,
  exitDetection: 1_000_000_000,
  minSyncPeriod: 1_000_000_000,
  syncPeriod: 30_000_000_000,
  restore: 'partial',
  syncCost: 'auto',
  nodeMonitorGracePeriod: 50_000_000_000,
  tolerationSeconds: 300_000_000_000,
};

export type EventAction =
  | 'kill-pod'
  | 'hang-pod'
  | 'slow-pod'
  | 'node-down'
  | 'node-up'
  | 'partition'
  | 'scale'
  | 'rollout'
  | 'relabel-pod'
  | 'set';

export type EventTarget =
  | { readonly kind: 'pod'; readonly pod: string }
  | { readonly kind: 'deployment'; readonly deployment: string; readonly namespace: string; readonly count: number }
  | { readonly kind: 'node'; readonly node: string }
  | { readonly kind: 'nodes'; readonly nodes: readonly string[] }
  | { readonly kind: 'zone'; readonly zone: string }
  | { readonly kind: 'none' };

/** One `events[]` entry, resolved. Fields an action does not take are null. */
export interface EventSpec {
  /** From t=0 (not from the end of warmup). */
  readonly at: Ns;
  readonly action: EventAction;
  readonly target: EventTarget;
  /** hang-pod, slow-pod, partition. */
  readonly duration: Ns | null;
  /** slow-pod. */
  readonly factor: number | null;
  /** scale. */
  readonly replicas: number | null;
  /** rollout (null: the Deployment's). */
  readonly maxSurge: IntOrPercent | null;
  readonly maxUnavailable: IntOrPercent | null;
  /** relabel-pod: value null removes the label. */
  readonly labels: Readonly<Record<string, string | null>> | null;
  /** set: a Scenario path (as sweep keys) and its new value, as parsed. */
  readonly path: string | null;
  readonly value: unknown;
  /** set of `workloads[i].serviceTime` or one of its keys: the workload's whole service time from then on (earlier sets included); else null. */
  readonly serviceTime: ServiceTimeSpec | null;
  /** Its place in `spec.events` as written (events are sorted by `at`). */
  readonly index: number;
  /** Short text for timeseries.csv `scenario_events`, e.g. `kill-pod web-…-x2b4q`. */
  readonly text: string;
  readonly pos: SourcePos;
}

export type ThresholdOp = '<' | '<=' | '>' | '>=';

export interface ThresholdSpec {
  /** A runs.csv metric column, e.g. latency_p99_ms or error_rate. */
  readonly metric: string;
  readonly op: ThresholdOp;
  readonly value: number;
  /** As written, e.g. "< 50". */
  readonly text: string;
  readonly pos: SourcePos;
}

/** The `clusterip-sim/v1alpha1 Scenario` spec, fully resolved for one sweep point. */
export interface ScenarioSpec {
  readonly name: string;
  readonly seed: number;
  readonly runs: number;
  readonly warmup: Ns;
  readonly duration: Ns;
  readonly cluster: ClusterSpec;
  readonly workloads: readonly WorkloadSpec[];
  readonly traffic: readonly TrafficSpec[];
  readonly thresholds: readonly ThresholdSpec[];
  readonly metricsInterval: Ns;
  /** `events[]` in time order (stable for equal `at`); absent = none. */
  readonly events?: readonly EventSpec[];
}

/** One value of one sweep key at a point, e.g. { path: 'cluster.proxy.mode', value: 'ipvs' }. */
export interface SweepParam {
  readonly path: string;
  /** As the user wrote it, formatted for a CSV cell (strings bare, numbers/durations as written). */
  readonly value: string;
}

/** Everything one simulation task needs for one sweep point. */
export interface PointModel {
  /** 0-based index in the cartesian product, first sweep key varying slowest. */
  readonly index: number;
  readonly params: readonly SweepParam[];
  readonly spec: ScenarioSpec;
  readonly services: readonly ServiceSpec[];
  readonly deployments: readonly DeploymentSpec[];
  readonly endpointSlices: readonly EndpointSliceSpec[];
}

export interface LoadedScenario {
  readonly file: string;
  readonly name: string;
  /** sha256 hex of the file bytes. */
  readonly hash: string;
  /** Sweep keys in file order (the `param_<path>` columns). */
  readonly sweepKeys: readonly string[];
  readonly points: readonly PointModel[];
  /** Warnings (ignored kinds and fields), already formatted `file:line:col: message`. */
  readonly warnings: readonly string[];
  /** The Scenario document as parsed (after --set overrides), for manifest.json. */
  readonly resolved: unknown;
  /** The `--set path=value` arguments applied, in order (for manifest.json). */
  readonly overrides?: readonly string[];
  /** Where `metadata.name` of the Scenario is (a name used by two files is reported there). */
  readonly namePos?: SourcePos;
}
