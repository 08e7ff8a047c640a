/**
 * `expose deployment NAME --port P [--target-port T] [--name SVC] -f FILE`:
 * the Service that `kubectl expose deployment NAME --port P --dry-run=client
 * -o yaml` would create, as YAML on stdout, ready to paste into the scenario.
 *
 * kubectl's rules (ServiceGeneratorV2): the selector is the Deployment's
 * `spec.selector.matchLabels` (match expressions cannot be exposed); the
 * Service copies the Deployment's own labels; the name defaults to the
 * Deployment's; targetPort defaults to the port; without --port, each
 * container port becomes a port (named port-1, port-2, … when several). The
 * status and `creationTimestamp: null` that kubectl also prints are left out:
 * the scenario loader would only warn about them.
 */
import { stringify } from 'yaml';
import { loadManifestsFile } from '../scenario/index.js';
import { EXIT_OK, UsageError } from './main.js';

export interface ExposeOptions {
  readonly deployment: string;
  readonly file: string;
  readonly port?: number;
  readonly targetPort?: string;
  readonly name?: string;
  readonly protocol?: string;
}

const SERVICE_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

export async function exposeCommand(o: ExposeOptions): Promise<number> {
  const manifests = loadManifestsFile(o.file);
  const d = manifests.deployments.find((x) => x.name === o.deployment);
  if (d === undefined) {
    const names = manifests.deployments.map((x) => x.name).join(', ') || 'none';
    throw new UsageError(`clusterip-sim expose: deployment ${JSON.stringify(o.deployment)} not found in ${o.file} (deployments: ${names})`);
  }
  if (d.selector.matchExpressions.length > 0) {
    throw new UsageError(`clusterip-sim expose: deployment ${d.name} has matchExpressions in its selector; kubectl expose supports only matchLabels`);
  }
  const name = o.name ?? d.name;
  if (name.length > 63 || !SERVICE_NAME.test(name)) {
    throw new UsageError(`--name: expected a DNS-1035 label (lower-case letters, digits and '-', starting with a letter, at most 63), got ${JSON.stringify(name)}`);
  }
  const protocol = o.protocol ?? 'TCP';
  if (!['TCP', 'UDP', 'SCTP'].includes(protocol)) throw new UsageError(`--protocol: expected TCP, UDP or SCTP, got ${JSON.stringify(protocol)}`);

  let ports: Record<string, unknown>[];
  if (o.port !== undefined) {
    const t = o.targetPort;
    const targetPort = t === undefined ? o.port : /^\d+$/.test(t) ? Number(t) : t;
    if (typeof targetPort === 'number' && (targetPort < 1 || targetPort > 65535)) {
      throw new UsageError(`--target-port: expected a port 1-65535 or a port name, got ${JSON.stringify(t)}`);
    }
    ports = [{ port: o.port, protocol, targetPort }];
  } else {
    if (d.containerPorts.length === 0) {
      throw new UsageError(`clusterip-sim expose: deployment ${d.name} declares no container ports; give --port`);
    }
    const many = d.containerPorts.length > 1;
    ports = d.containerPorts.map((cp, i) => ({
      ...(many ? { name: `port-${i + 1}` } : {}),
      port: cp.containerPort,
      protocol: cp.protocol,
      targetPort: cp.containerPort,
    }));
  }

  const metadata: Record<string, unknown> = {};
  if (Object.keys(d.labels).length > 0) metadata['labels'] = { ...d.labels };
  metadata['name'] = name;
  if (d.namespace !== 'default') metadata['namespace'] = d.namespace;
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata,
    spec: { ports, selector: { ...d.selector.matchLabels } },
  };
  process.stdout.write(`---\n${stringify(service, { indentSeq: false })}`);
  return EXIT_OK;
}
