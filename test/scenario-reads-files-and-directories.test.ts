/**
 * Files on disk: a directory argument stands for the `*.yaml` / `*.yml`
 * files directly inside it, sorted; a file is read as bytes (its sha256 is
 * the scenario hash); a file that cannot be read is a ScenarioError too.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandScenarioArgs, loadScenarioFile, ScenarioError } from '../src/scenario/index.js';

const TEXT = `apiVersion: v1
kind: Service
metadata: { name: api }
spec: { clusterIP: 10.96.0.9, ports: [{ port: 80 }] }
---
apiVersion: clusterip-sim/v1alpha1
kind: Scenario
metadata: { name: café-free }
spec:
  duration: 1s
  traffic: [{ name: t, target: "10.96.0.9:80", arrival: { rate: 1 } }]
`;

test('a directory expands to its YAML files, sorted and not recursive; files stay as given', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scenario-args-'));
  try {
    for (const f of ['b.yaml', 'a.yml', 'C.yaml', 'notes.txt', 'z.yaml.bak']) writeFileSync(join(dir, f), '');
    mkdirSync(join(dir, 'large'));
    writeFileSync(join(dir, 'large', 'huge.yaml'), '');
    mkdirSync(join(dir, 'dir.yaml'));
    assert.equal(expandScenarioArgs([dir, 'x/one.yaml', join(dir, 'large')]), [
      join(dir, 'C.yaml'),
      join(dir, 'a.yml'),
      join(dir, 'b.yaml'),
      'x/one.yaml',
      join(dir, 'large', 'huge.yaml'),
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file loads with the sha256 of its bytes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scenario-file-'));
  try {
    const file = join(dir, 's.yaml');
    const text = TEXT.replace('café-free', 'plain');
    writeFileSync(file, text);
    const s = loadScenarioFile(file);
    assert.is(s.file, file);
    assert.is(s.name, 'plain');
    assert.is(s.hash, createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a Scenario name must be a DNS-1123 label, since it names the output directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scenario-file-'));
  try {
    const file = join(dir, 's.yaml');
    for (const name of ['café-free', '../up', 'UPPER', 'a.b']) {
      writeFileSync(file, TEXT.replace('café-free', name));
      try {
        loadScenarioFile(file);
        assert.unreachable(name);
      } catch (e) {
        assert.instance(e, ScenarioError);
        assert.equal((e as ScenarioError).problems, [
          `${file}:8:19: metadata.name: expected a Scenario name (DNS-1123 label: it names the output directory), got ${JSON.stringify(name)}`,
        ]);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file that cannot be read is a ScenarioError with a position', () => {
  try {
    loadScenarioFile('no/such/file.yaml');
    assert.unreachable();
  } catch (e) {
    assert.instance(e, ScenarioError);
    assert.equal((e as ScenarioError).problems, ['no/such/file.yaml:1:1: (file): expected a readable scenario file, got ENOENT']);
  }
});

test.run();
