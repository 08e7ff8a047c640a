/**
 * scenario/: YAML loading, schema, errors with file:line:col, sweeps.
 * Everything other folders may use is exported here.
 */
export { ScenarioError } from './errors.js';
export { parseDuration } from './duration.js';
export { formatIPv4, parseIPv4, inServiceCIDR, SERVICE_CIDR } from './ipv4.js';
export { expandScenarioArgs, loadManifestsFile, loadScenarioFile, loadScenarioText } from './load.js';
export type { LoadedManifests, LoadOptions } from './load.js';
export { MAX_PODS, MAX_REQUESTS } from './check.js';
export { MAX_RUNS, THRESHOLD_METRICS, parseTarget } from './schema.js';
export { MAX_POINTS } from './sweep.js';
export { isDns1035Label, isDns1123Label, isDns1123Subdomain, isIanaSvcName } from './names.js';
export type * from './types.js';
