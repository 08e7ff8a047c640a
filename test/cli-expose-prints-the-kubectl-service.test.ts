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
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cli, root, tempDir } from './helpers/cli.js';

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

test('expose also reads a plain manifests file with no Scenario document, as kubectl -f would', () => {
  const dir = tempDir();
  try {
    const file = join(dir, 'deploy.yaml');
    // the seed's Deployment document alone
    writeFileSync(file, readFileSync(seed, 'utf8').split('\n---\n')[0]!.replace(/^#.*\n/gm, ''));
    const r = cli(['expose', 'deployment', 'backend-webapp', '--port', '80', '--target-port', '3000', '-f', file]);
    assert.is(r.status, 0, r.stderr);
    assert.equal(parse(r.stdout).spec.selector, { app: 'backend-webapp' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an unknown deployment is a usage error naming the ones there are', () => {
  const r = cli(['expose', 'deployment', 'nope', '--port', '80', '-f', seed]);
  assert.is(r.status, 2);
  assert.match(r.stderr, /backend-webapp/);
});

test.run();
