/** Label selectors as the apiserver evaluates them (apimachinery labels.Selector). */
import type { LabelSelector } from '../scenario/types.js';

/** A Service's equality selector: every key present with the same value. An empty selector selects nothing here (kube never builds endpoints for it). */
export function matchesEquality(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(selector);
  if (keys.length === 0) return false;
  for (const k of keys) if (labels[k] !== selector[k]) return false;
  return true;
}

/** A Deployment's selector: matchLabels AND every matchExpression. An empty selector matches everything. */
export function matchesSelector(sel: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const k of Object.keys(sel.matchLabels)) if (labels[k] !== sel.matchLabels[k]) return false;
  for (const e of sel.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const v = labels[e.key];
    switch (e.operator) {
      case 'In':
        if (!has || !e.values.includes(v!)) return false;
        break;
      case 'NotIn':
        if (has && e.values.includes(v!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}
