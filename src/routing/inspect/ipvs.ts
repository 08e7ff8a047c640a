/**
 * `ipvsadm -Ln` for one node in kube-proxy's IPVS mode: one virtual server
 * per (ClusterIP, port, protocol) with the scenario's scheduler, one real
 * server per endpoint (Masq forwarding, weight 1 as kube-proxy sets it, no
 * connections at t=0). Format from ipvsadm.c (list_all, print_title,
 * print_service_entry): the version line (kernel IPVS 1.2.1, connection table
 * size 4096 by default), services and their destinations sorted by address
 * (ipvs_sort_services / ipvs_sort_dests; the scheduler itself scans
 * destinations in insertion order), "%s  %s" protocol and address, the
 * scheduler, ClientIP affinity as " persistent <timeout>", and for mh the
 * flag kube-proxy sets, printed " (mh-port)" [flag printing recalled, not
 * re-read]; destinations as "  -> %-28s %-7s %-6d %-10u %-10u".
 */
import { formatIPv4 } from '../ipv4.js';
import { BACKGROUND_SHOWN, programmedEndpoints, type InspectNode } from './view.js';

const PROTO_ORDER = { TCP: 6, UDP: 17, SCTP: 132 } as const;

function padEnd(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

export function formatIpvs(view: InspectNode, scheduler: string): string {
  const out: string[] = [
    'IP Virtual Server version 1.2.1 (size=4096)',
    'Prot LocalAddress:Port Scheduler Flags',
    '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
  ];
  const services = [...view.servicePorts].sort(
    (a, b) => PROTO_ORDER[a.protocol] - PROTO_ORDER[b.protocol] || a.clusterIP - b.clusterIP || a.port - b.port,
  );
  for (const sp of services) {
    let line = `${sp.protocol}  ${formatIPv4(sp.clusterIP)}:${sp.port}`.slice(0, 33) + ` ${scheduler}`;
    if (scheduler === 'mh') line += ' (mh-port)';
    if (sp.affinityTimeout !== null) line += ` persistent ${sp.affinityTimeout}`;
    out.push(line);
    const dests = [...programmedEndpoints(sp)].sort((a, b) => a.ip - b.ip || a.port - b.port);
    for (const d of dests) {
      const name = `${formatIPv4(d.ip)}:${d.port}`.slice(0, 28);
      out.push(`  -> ${padEnd(name, 28)} ${padEnd('Masq', 7)} ${padEnd('1', 6)} ${padEnd('0', 10)} ${padEnd('0', 10)}`);
    }
  }
  const bg = view.background;
  if (bg.count > 0) {
    out.push(`# ${bg.count} background Services (cluster.background.services), ${bg.endpointsPerService} real servers each (not modelled as pods); the first ${Math.min(bg.count, BACKGROUND_SHOWN)} virtual servers:`);
    for (const b of bg.shown) out.push(`TCP  ${formatIPv4(b.clusterIP)}:${b.port} ${scheduler}${scheduler === 'mh' ? ' (mh-port)' : ''}`);
    if (bg.count > bg.shown.length) out.push(`# … ${bg.count - bg.shown.length} more virtual servers`);
  }
  return `${out.join('\n')}\n`;
}
