/**
 * Kubernetes name rules (k8s.io/apimachinery/pkg/util/validation), so that
 * a name accepted here is one the API server would accept, and no name can
 * steer an output path.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** RFC 1123 label: `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 63 characters (namespaces, node names, the Scenario). */
export function isDns1123Label(s: string): boolean {
  return s.length <= 63 && DNS1123_LABEL.test(s);
}

/** RFC 1035 label: like 1123 but starting with a letter (Service names). */
export function isDns1035Label(s: string): boolean {
  return s.length <= 63 && DNS1035_LABEL.test(s);
}

/** RFC 1123 subdomain: dot-separated 1123 labels, at most 253 characters (Deployments, EndpointSlices). */
export function isDns1123Subdomain(s: string): boolean {
  return s.length > 0 && s.length <= 253 && s.split('.').every((l) => DNS1123_LABEL.test(l));
}

/** IANA service name (a named port): at most 15 characters, [a-z0-9-], a letter somewhere, no `--`, no '-' at either end. */
export function isIanaSvcName(s: string): boolean {
  return s.length <= 15 && IANA_SVC_NAME.test(s) && /[a-z]/.test(s) && !s.includes('--');
}

/** A label key: `[prefix/]name`, prefix a DNS-1123 subdomain, name at most 63 characters. */
export function isLabelKey(s: string): boolean {
  const slash = s.lastIndexOf('/');
  const name = slash < 0 ? s : s.slice(slash + 1);
  if (slash >= 0 && !isDns1123Subdomain(s.slice(0, slash))) return false;
  return name.length <= 63 && QUALIFIED_NAME.test(name);
}

/** A label value: empty, or at most 63 characters of [A-Za-z0-9_.-] starting and ending alphanumeric. */
export function isLabelValue(s: string): boolean {
  return s.length <= 63 && LABEL_VALUE.test(s);
}
