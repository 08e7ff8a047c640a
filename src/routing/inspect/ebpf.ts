/**
 * Cilium's kube-proxy replacement on one node, as `cilium-dbg service list`
 * prints it (cilium/cilium: cilium-dbg/cmd/service_list.go: a tabwriter with
 * min width 5 and padding 3; columns ID, Frontend, Service Type, Backend; one
 * line per backend "N => ip:port/PROTO (active)"). IDs are numbered here in
 * the listing's order (Cilium allocates them as Services appear).
 *
 * With `algorithm: maglev`, each Service's Maglev table (Cilium's build, see
 * ../maglev.ts) follows as backend entry counts: this block is our summary,
 * not a Cilium command's output. The backend name hashed is taken to be the
 * backend address "ip:port" [assumed; Cilium versions differ in the string].
 */
import { formatIPv4 } from '../ipv4.js';
import { maglevCounts, maglevTable } from '../maglev.js';
import { BACKGROUND_SHOWN, endpointString, programmedEndpoints, type InspectNode } from './view.js';

/** Go text/tabwriter with minwidth 5, tabwidth 0, padding 3, padchar ' ', flags 0: every cell but the last padded. */
function tabwrite(rows: string[][]): string[] {
  const cols = Math.max(...rows.map((r) => r.length));
  const width: number[] = [];
  for (let c = 0; c < cols - 1; c++) width[c] = Math.max(5, ...rows.map((r) => (r[c] ?? '').length + 3));
  return rows.map((r) => r.map((cell, c) => (c < r.length - 1 ? cell.padEnd(width[c]!) : cell)).join(''));
}

export interface EbpfOptions {
  readonly algorithm: string;
  readonly maglevTableSize: number;
}

export function formatEbpf(view: InspectNode, o: EbpfOptions): string {
  const rows: string[][] = [['ID', 'Frontend', 'Service Type', 'Backend']];
  const services = [...view.servicePorts].sort((a, b) => a.clusterIP - b.clusterIP || a.port - b.port);
  let id = 0;
  const ids: number[] = [];
  for (const sp of services) {
    id++;
    ids.push(id);
    const fe = `${formatIPv4(sp.clusterIP)}:${sp.port}/${sp.protocol}`;
    const eps = programmedEndpoints(sp);
    if (eps.length === 0) rows.push([String(id), fe, 'ClusterIP', '']);
    eps.forEach((e, i) => {
      const be = `${i + 1} => ${endpointString(e)}/${sp.protocol} (active)`;
      rows.push(i === 0 ? [String(id), fe, 'ClusterIP', be] : ['', '', '', be]);
    });
  }
  const bg = view.background;
  for (const b of bg.shown) {
    id++;
    rows.push([String(id), `${formatIPv4(b.clusterIP)}:${b.port}/TCP`, 'ClusterIP', `(${bg.endpointsPerService} backends, not modelled as pods)`]);
  }
  const out = tabwrite(rows);
  if (bg.count > 0) {
    out.push(`# ${bg.count} background Services (cluster.background.services), ${bg.endpointsPerService} backends each; the first ${Math.min(bg.count, BACKGROUND_SHOWN)} are listed above${bg.count > bg.shown.length ? `, ${bg.count - bg.shown.length} more not shown` : ''}.`);
  }
  if (o.algorithm === 'maglev') {
    out.push('', `# Maglev lookup tables (M = ${o.maglevTableSize}, backends sorted by name, murmur3 seed 0x24b7ef82): entries per backend`);
    const mrows: string[][] = [['ID', 'Frontend', 'Backend', 'Entries']];
    services.forEach((sp, k) => {
      const eps = programmedEndpoints(sp);
      if (eps.length === 0) return;
      const keys = eps.map(endpointString);
      const counts = maglevCounts(maglevTable(keys, null, o.maglevTableSize, 'cilium'), keys.length);
      keys.forEach((key, i) => {
        mrows.push(i === 0 ? [String(ids[k]), `${formatIPv4(sp.clusterIP)}:${sp.port}/${sp.protocol}`, key, String(counts[i])] : ['', '', key, String(counts[i])]);
      });
    });
    out.push(...tabwrite(mrows));
  } else {
    out.push('', `# loadBalancer.algorithm: ${o.algorithm} (socket LB: a uniform random backend per connect())`);
  }
  return `${out.join('\n')}\n`;
}
