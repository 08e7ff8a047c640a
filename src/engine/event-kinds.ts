/**
 * Every event kind of a run, in one place, with the priority it pops with at
 * an instant it shares with others (lower first; EventQueue's order is
 * (time, priority, sequence)).
 *
 * The request path (ARRIVAL … RESPONSE) keeps priority 0 and the lowest
 * numbers: traffic/simulation.ts dispatches them first, with literals, on the
 * hot path. Everything the cluster does (control plane, scenario events,
 * timers that may be cancelled) comes as TIMER: its argument is a token of
 * engine/timers.ts, which holds the real kind and argument and says whether
 * it was cancelled.
 *
 * Priorities at one instant: a scenario event first (it is what the user
 * scheduled at that time), then the cluster's own reactions, then requests —
 * so a kill at t=10 s is in effect for an arrival at t=10 s.
 */

/** A traffic source's next planned arrival (arg: source). */
export const ARRIVAL = 0;
/** A request reaches its pod (arg: request slot). */
export const POD_ARRIVE = 1;
/** A pod finishes serving a request (arg: request slot). */
export const DEPART = 2;
/** A response (or error) reaches its client (arg: request slot). */
export const RESPONSE = 3;
/** A request ends without an answer — unanswered SYN, a pod that never answers (arg: request slot). */
export const LOST = 4;
/** A source's oldest open request may have reached its client timeout (arg: source). */
export const TIMEOUT_CHECK = 5;
/** A cancellable timer (arg: token of engine/timers.ts). */
export const TIMER = 6;

/** Priorities (EventQueue: lower pops first at the same instant). */
export const PRIO_SCENARIO = 0;
export const PRIO_CLUSTER = 1;
export const PRIO_TRAFFIC = 2;

/**
 * What a TIMER token stands for (its `kind` in Timers); the handler of each
 * lives with its concern (cluster/control-plane/, failures/, traffic/).
 */
export const T_SCENARIO_EVENT = 0; // arg: index in spec.events (failures/)
export const T_SCENARIO_END = 1; // arg: index in spec.events: a duration-bound event ends (hang, slow)
export const T_POD = 2; // arg: pod — its next lifecycle step (control-plane/pods)
export const T_PROBE = 3; // arg: pod — its readiness flips (probe thresholds reached)
export const T_STATUS = 4; // arg: pod — the kubelet's status write reaches the API server
export const T_SLICE = 5; // arg: service port — the EndpointSlice controller writes it
export const T_OBSERVE = 6; // arg: write index — kube-proxy on every node sees a slice write
export const T_SYNC = 7; // arg: node — its kube-proxy sync may start
export const T_SYNC_DONE = 8; // arg: node — its sync completes: the node programs what it read
export const T_NODE = 9; // arg: node — node lifecycle (NotReady after grace, eviction after toleration)
export const T_RETRY = 10; // arg: request slot — a retry's backoff is over
export const T_THINK = 11; // arg: user — a closed-loop user's think time is over
export const T_SAMPLE = 12; // arg: interval — sample stale_nodes at an interval's end
export const T_ROLLOUT = 13; // arg: deployment — the Deployment controller looks again
export const T_PERIODIC = 14; // arg: node — kube-proxy's periodic (full) resync is due
