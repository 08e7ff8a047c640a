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
  POLICY_MODES,
  IPVS_SCHEDULERS,
  IptablesPolicy,
  NftablesPolicy,
  IpvsRrPolicy,
  probabilityString,
  kernelThreshold,
  exactShares,
  reciprocalScale,
  THRESHOLD_TABLE_MAX,
  type Policy,
  type PolicyMode,
  type PolicyOptions,
} from './policies/index.js';
