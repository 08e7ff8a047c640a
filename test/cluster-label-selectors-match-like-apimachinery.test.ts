/**
 * Label selectors as apimachinery evaluates them (the one implementation the
 * loader's "selector does not match template labels" check and the Service
 * endpoint selection use): matchLabels AND every matchExpression; In needs
 * the key, NotIn and DoesNotExist accept its absence; a Service's equality
 * selector that is empty selects nothing.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { matchesEquality, matchesSelector } from '../src/cluster/labels.js';
import { loadScenarioText } from '../src/scenario/index.js';
import { oracleScenario } from './helpers/simulate.js';

const labels = { app: 'web', tier: 'front' };
const sel = (matchLabels: Record<string, string>, ...exprs: [string, 'In' | 'NotIn' | 'Exists' | 'DoesNotExist', string[]][]) => ({
  matchLabels,
  matchExpressions: exprs.map(([key, operator, values]) => ({ key, operator, values })),
});

test('matchLabels and each operator of matchExpressions', () => {
  assert.ok(matchesSelector(sel({ app: 'web' }), labels));
  assert.not.ok(matchesSelector(sel({ app: 'api' }), labels));
  assert.ok(matchesSelector(sel({}, ['tier', 'In', ['front', 'back']]), labels));
  assert.not.ok(matchesSelector(sel({}, ['tier', 'In', ['back']]), labels));
  assert.not.ok(matchesSelector(sel({}, ['zone', 'In', ['a']]), labels), 'In needs the key');
  assert.ok(matchesSelector(sel({}, ['zone', 'NotIn', ['a']]), labels), 'NotIn accepts a missing key');
  assert.not.ok(matchesSelector(sel({}, ['tier', 'NotIn', ['front']]), labels));
  assert.ok(matchesSelector(sel({}, ['app', 'Exists', []]), labels));
  assert.not.ok(matchesSelector(sel({}, ['app', 'DoesNotExist', []]), labels));
  assert.not.ok(matchesSelector(sel({ app: 'web' }, ['tier', 'In', ['back']]), labels), 'AND of all terms');
});

test('an empty Service selector selects nothing; a non-empty one needs every pair', () => {
  assert.not.ok(matchesEquality({}, labels));
  assert.ok(matchesEquality({ app: 'web' }, labels));
  assert.not.ok(matchesEquality({ app: 'web', tier: 'back' }, labels));
});

test('the loader uses it: a Deployment whose matchExpressions miss its template labels is refused', () => {
  const ok = oracleScenario({ replicas: 1, rate: 10, serviceTime: '{ distribution: constant, mean: 1ms }', runs: 1, duration: '1s', warmup: '0s' });
  const withExpr = (op: string) => ok.replace('selector: { matchLabels: { app: app } }', `selector: { matchLabels: { app: app }, matchExpressions: [{ key: track, operator: ${op}, values: [canary] }] }`);
  loadScenarioText(withExpr('NotIn'), 'ok.yaml');
  assert.throws(() => loadScenarioText(withExpr('In'), 'bad.yaml'), (e: unknown) => /selector does not match template labels/.test(String((e as Error).message)));
});

test.run();
