/**
 * `expose deployment` prints the Service that `kubectl expose deployment
 * backend-webapp --port 80 --target-port 3000 --name backend` creates
 * (selector = the Deployment's matchLabels, labels copied, targetPort as given
 * or = port), and that output pasted back in is exactly the seed's Service.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { parse } from 'yaml';
import { cli, root } from './helpers/cli.js';

const seed = join(root, 'scenarios', 'backend-webapp.yaml');

test('expose prints the Service kubectl expose would create', () => {
  const r = cli(['expose', 'deployment', 'backend-webapp', '--port', '80', '--target-port', '3000', '--name', 'backend', '-f', seed]);
  assert.is(r.status, 0, r.stderr);
  assert.equal(parse(r.stdout), {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { labels: { app: 'backend-webapp' }, name: 'backend' },
    spec: { ports: [{ port: 80, protocol: 'TCP', targetPort: 3000 }], selector: { app: 'backend-webapp' } },
  });
});

test('without --target-port the target is the port, and without --name the Deployment name', () => {
  const r = cli(['expose', 'deployment', 'backend-webapp', '--port', '8080', '-f', seed]);
  assert.is(r.status, 0, r.stderr);
  const svc = parse(r.stdout);
  assert.is(svc.metadata.name, 'backend-webapp');
  assert.equal(svc.spec.ports, [{ port: 8080, protocol: 'TCP', targetPort: 8080 }]);
});

test('an unknown deployment is a usage error naming the ones there are', () => {
  const r = cli(['expose', 'deployment', 'nope', '--port', '80', '-f', seed]);
  assert.is(r.status, 2);
  assert.match(r.stderr, /backend-webapp/);
});

test.run();
