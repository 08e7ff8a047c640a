/**
 * Routing core: the ServiceTable (VIP:port/proto → service port), the
 * EndpointRing (generations of each service port's endpoints) and the
 * endpoint-selection policies.
 */
export {
  ServiceTable,
  hashKey,
  formatKey,
  PROTO_TCP,
  PROTO_UDP,
  PROTO_SCTP,
} from './service-table.js';
export { EndpointRing, READ_OUT_TOO_SMALL, DEFAULT_GENERATIONS, type RingPlacement } from './endpoint-ring.js';
export {
  createPolicy,
  isPolicyBuilt,
  POLICY_FACTORIES,
  newFlow,
  policyContext,
  IptablesPolicy,
  NftablesPolicy,
  IpvsRrPolicy,
  probabilityString,
  kernelThreshold,
  exactShares,
  reciprocalScale,
  THRESHOLD_TABLE_MAX,
  type Policy,
  type PolicyContext,
  type PolicyFactory,
  type Flow,
  type Clock,
} from './policies/index.js';
export { MODES, MODE_NAMES, isModeName, modeDef, policyName, CILIUM_MAGLEV_SIZES, type ProxyModeName, type ModeDef } from './modes.js';
