/**
 * A client-side mesh proxy (Envoy, as Istio's sidecar runs it) on one node,
 * as its `/clusters` admin page lists each Service's cluster (envoyproxy/envoy:
 * source/server/admin/clusters_handler.cc, text format): cluster-level lines
 * (`<cluster>::observability_name::…`, the circuit-breaker thresholds of the
 * default priority, `added_via_api`), then per host
 * `<cluster>::<ip:port>::<stat>::<value>` for its counters and gauges in name
 * order, then hostname, health_flags, weight, region, zone, sub_zone,
 * canary, priority, success_rate, local_origin_success_rate. Cluster names
 * follow Istio's `outbound|<port>||<fqdn>`. At t=0 every counter is 0.
 * The load-balancing policy is not on that page; it is noted in a comment
 * line ahead of each cluster.
 */
import { BACKGROUND_SHOWN, endpointString, programmedEndpoints, type InspectNode } from './view.js';

const LB_NOTE: Record<string, string> = {
  'round-robin': 'ROUND_ROBIN',
  random: 'RANDOM',
  'least-request': 'LEAST_REQUEST (power of two choices: choice_count 2, with replacement)',
  ewma: 'peak-EWMA P2C (Linkerd-style; Envoy has no built-in equivalent)',
  'ring-hash': 'RING_HASH (xxHash64, minimum_ring_size 1024, hash on source IP)',
  maglev: 'MAGLEV (xxHash64, table_size 65537, hash on source IP)',
};

const HOST_STATS = ['cx_active', 'cx_connect_fail', 'cx_total', 'rq_active', 'rq_error', 'rq_success', 'rq_timeout', 'rq_total'];

export function formatMesh(view: InspectNode, algorithm: string): string {
  const out: string[] = [];
  const services = [...view.servicePorts].sort((a, b) =>
    a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : a.port - b.port,
  );
  for (const sp of services) {
    const cluster = `outbound|${sp.port}||${sp.name}.${sp.namespace}.svc.cluster.local`;
    out.push(`# ${cluster}: lb_policy ${LB_NOTE[algorithm] ?? algorithm}`);
    out.push(`${cluster}::observability_name::${cluster}`);
    for (const p of ['default_priority', 'high_priority']) {
      out.push(`${cluster}::${p}::max_connections::${p === 'default_priority' ? 4294967295 : 1024}`);
      out.push(`${cluster}::${p}::max_pending_requests::${p === 'default_priority' ? 4294967295 : 1024}`);
      out.push(`${cluster}::${p}::max_requests::${p === 'default_priority' ? 4294967295 : 1024}`);
      out.push(`${cluster}::${p}::max_retries::${p === 'default_priority' ? 4294967295 : 3}`);
    }
    out.push(`${cluster}::added_via_api::true`);
    for (const e of programmedEndpoints(sp)) {
      const h = `${cluster}::${endpointString(e)}`;
      for (const s of HOST_STATS) out.push(`${h}::${s}::0`);
      out.push(
        `${h}::hostname::`,
        `${h}::health_flags::healthy`,
        `${h}::weight::1`,
        `${h}::region::`,
        `${h}::zone::${e.zone}`,
        `${h}::sub_zone::`,
        `${h}::canary::false`,
        `${h}::priority::0`,
        `${h}::success_rate::-1`,
        `${h}::local_origin_success_rate::-1`,
      );
    }
  }
  const bg = view.background;
  if (bg.count > 0) {
    out.push(`# ${bg.count} background Services (cluster.background.services): one cluster each, ${bg.endpointsPerService} hosts (not modelled as pods); the first ${Math.min(bg.count, BACKGROUND_SHOWN)} cluster names:`);
    for (const b of bg.shown) out.push(`# outbound|${b.port}||${b.name}.background.svc.cluster.local`);
  }
  return `${out.join('\n')}\n`;
}
