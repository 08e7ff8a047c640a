/**
 * What \`kubectl get svc,deploy,endpointslices -o yaml\` prints — a \`kind:
 * List\` full of bookkeeping (uid, managedFields, status, clusterIPs,
 * ipFamilies, …) — loads next to a Scenario document, and explicit
 * clusterIPs are kept.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatIPv4, loadScenarioText } from '../src/scenario/index.js';

const FILE = 'cluster-dump.yaml';
const TEXT = `apiVersion: v1
items:
- apiVersion: v1
  kind: Service
  metadata:
    creationTimestamp: "2024-05-02T10:11:12Z"
    labels:
      component: apiserver
      provider: kubernetes
    name: kubernetes
    namespace: default
    resourceVersion: "196"
    uid: 0c1f2f8e-3a4b-4c5d-8e9f-0a1b2c3d4e5f
  spec:
    clusterIP: 10.96.0.1
    clusterIPs:
    - 10.96.0.1
    internalTrafficPolicy: Cluster
    ipFamilies:
    - IPv4
    ipFamilyPolicy: SingleStack
    ports:
    - name: https
      port: 443
      protocol: TCP
      targetPort: 6443
    sessionAffinity: None
    type: ClusterIP
  status:
    loadBalancer: {}
- apiVersion: v1
  kind: Service
  metadata:
    annotations:
      kubectl.kubernetes.io/last-applied-configuration: |
        {"apiVersion":"v1","kind":"Service","metadata":{"annotations":{},"name":"backend","namespace":"default"},"spec":{"ports":[{"port":80,"targetPort":3000}],"selector":{"app":"backend-webapp"}}}
    creationTimestamp: "2024-05-02T10:20:00Z"
    name: backend
    namespace: default
    resourceVersion: "1234"
    uid: 5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e
  spec:
    clusterIP: 10.96.120.15
    clusterIPs:
    - 10.96.120.15
    internalTrafficPolicy: Cluster
    ipFamilies:
    - IPv4
    ipFamilyPolicy: SingleStack
    ports:
    - port: 80
      protocol: TCP
      targetPort: 3000
    selector:
      app: backend-webapp
    sessionAffinity: None
    type: ClusterIP
  status:
    loadBalancer: {}
- apiVersion: apps/v1
  kind: Deployment
  metadata:
    annotations:
      deployment.kubernetes.io/revision: "1"
    creationTimestamp: "2024-05-02T10:19:00Z"
    generation: 1
    labels:
      app: backend-webapp
    managedFields:
    - apiVersion: apps/v1
      fieldsType: FieldsV1
      fieldsV1:
        f:metadata:
          f:labels:
            .: {}
            f:app: {}
        f:spec:
          f:progressDeadlineSeconds: {}
          f:replicas: {}
      manager: kubectl-create
      operation: Update
      time: "2024-05-02T10:19:00Z"
    name: backend-webapp
    namespace: default
    resourceVersion: "1301"
    uid: 9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d
  spec:
    progressDeadlineSeconds: 600
    replicas: 3
    revisionHistoryLimit: 10
    selector:
      matchLabels:
        app: backend-webapp
    strategy:
      rollingUpdate:
        maxSurge: 25%
        maxUnavailable: 25%
      type: RollingUpdate
    template:
      metadata:
        creationTimestamp: null
        labels:
          app: backend-webapp
      spec:
        containers:
        - image: example/backend:1.0
          imagePullPolicy: IfNotPresent
          name: backend
          ports:
          - containerPort: 3000
            protocol: TCP
          resources: {}
          terminationMessagePath: /dev/termination-log
          terminationMessagePolicy: File
        dnsPolicy: ClusterFirst
        restartPolicy: Always
        schedulerName: default-scheduler
        securityContext: {}
        terminationGracePeriodSeconds: 30
  status:
    availableReplicas: 3
    conditions:
    - lastTransitionTime: "2024-05-02T10:19:05Z"
      lastUpdateTime: "2024-05-02T10:19:05Z"
      message: Deployment has minimum availability.
      reason: MinimumReplicasAvailable
      status: "True"
      type: Available
    observedGeneration: 1
    readyReplicas: 3
    replicas: 3
    updatedReplicas: 3
- addressType: IPv4
  apiVersion: discovery.k8s.io/v1
  endpoints:
  - addresses:
    - 172.18.0.2
    conditions:
      ready: true
  kind: EndpointSlice
  metadata:
    creationTimestamp: "2024-05-02T10:11:12Z"
    generation: 1
    labels:
      kubernetes.io/service-name: kubernetes
    name: kubernetes
    namespace: default
    resourceVersion: "198"
    uid: 11111111-2222-4333-8444-555555555555
  ports:
  - name: https
    port: 6443
    protocol: TCP
- addressType: IPv4
  apiVersion: discovery.k8s.io/v1
  endpoints:
  - addresses:
    - 10.244.1.5
    conditions:
      ready: true
      serving: true
      terminating: false
    nodeName: kind-worker
    targetRef:
      kind: Pod
      name: backend-webapp-7d9c6b5f4-abcde
      namespace: default
      uid: 22222222-3333-4444-8555-666666666666
  kind: EndpointSlice
  metadata:
    annotations:
      endpoints.kubernetes.io/last-change-trigger-time: "2024-05-02T10:19:05Z"
    creationTimestamp: "2024-05-02T10:20:00Z"
    generateName: backend-
    generation: 3
    labels:
      endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io
      kubernetes.io/service-name: backend
    name: backend-x7k2p
    namespace: default
    ownerReferences:
    - apiVersion: v1
      blockOwnerDeletion: true
      controller: true
      kind: Service
      name: backend
      uid: 5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e
    resourceVersion: "1310"
    uid: 33333333-4444-4555-8666-777777777777
  ports:
  - name: ""
    port: 3000
    protocol: TCP
kind: List
metadata:
  resourceVersion: ""
---
apiVersion: clusterip-sim/v1alpha1
kind: Scenario
metadata: { name: from-kubectl }
spec:
  duration: 10s
  cluster: { nodes: 2 }
  workloads:
    - deployment: backend-webapp
      serviceTime: { distribution: constant, mean: 2ms }
  traffic:
    - name: by-ip
      target: 10.96.120.15:80
      arrival: { process: constant, rate: 100 }
`;

test('a kubectl List with all its noise loads next to a Scenario', () => {
  const s = loadScenarioText(TEXT, FILE);
  assert.is(s.name, 'from-kubectl');
  assert.is(s.points.length, 1);
  const p = s.points[0]!;
  assert.equal(p.services.map((x) => `${x.namespace}/${x.name}`), ['default/kubernetes', 'default/backend']);
  assert.equal(p.deployments.map((d) => [d.name, d.replicas, d.terminationGracePeriodSeconds]), [['backend-webapp', 3, 30]]);
  assert.equal(p.deployments[0]!.containerPorts, [{ name: '', containerPort: 3000, protocol: 'TCP' }]);
});

test('explicit clusterIPs are kept', () => {
  const p = loadScenarioText(TEXT, FILE).points[0]!;
  assert.equal(p.services.map((x) => (x.clusterIP === null ? null : formatIPv4(x.clusterIP))), ['10.96.0.1', '10.96.120.15']);
  assert.equal(p.services[1]!.ports, [{ name: '', port: 80, targetPort: 3000, protocol: 'TCP' }]);
  assert.equal(p.services[0]!.selector, null);
});

test('a target written as ClusterIP:port resolves to that Service', () => {
  const t = loadScenarioText(TEXT, FILE).points[0]!.spec.traffic[0]!;
  assert.equal(t.target, { kind: 'ip', ip: 0x0a60780f, port: 80 });
  assert.is(t.targetText, '10.96.120.15:80');
});

test('the controller\'s EndpointSlice of a selector Service is dropped with a warning; a selectorless one is kept', () => {
  const s = loadScenarioText(TEXT, FILE);
  const slices = s.points[0]!.endpointSlices;
  assert.equal(slices.map((e) => e.name), ['kubernetes']);
  assert.equal(slices[0]!.endpoints, [{ address: 0xac120002, ready: true, serving: true, terminating: false, nodeName: null, zone: null, name: null }]);
  assert.equal(slices[0]!.ports, [{ name: 'https', port: 6443, protocol: 'TCP' }]);
  assert.ok(s.warnings.some((w) => /^cluster-dump\.yaml:\d+:3: EndpointSlice default\/backend-x7k2p: ignored: /.test(w)), s.warnings.join('\n'));
});

test('bookkeeping fields do not warn; fields that might matter are named in one summary line', () => {
  const quiet = loadScenarioText(TEXT, FILE).warnings.filter((w) => !w.includes('EndpointSlice default/backend-x7k2p'));
  assert.equal(quiet, []);
  const noisy = TEXT.replace('        dnsPolicy: ClusterFirst\n', '        dnsPolicy: ClusterFirst\n        nodeSelector: { disk: ssd }\n        tolerations: [{ key: x, operator: Exists }]\n').replace(
    '    sessionAffinity: None\n    type: ClusterIP\n  status:\n    loadBalancer: {}\n- apiVersion: apps/v1',
    '    sessionAffinity: None\n    type: LoadBalancer\n    externalTrafficPolicy: Local\n  status:\n    loadBalancer: {}\n- apiVersion: apps/v1',
  );
  const w = loadScenarioText(noisy, FILE).warnings.filter((x) => !x.includes('EndpointSlice default/backend-x7k2p'));
  assert.equal(w, [
    'cluster-dump.yaml:57:5: ignoring Kubernetes fields that the simulator does not model (valid, but they do not change ClusterIP routing here): ' +
      'Service default/backend: spec.type LoadBalancer (routed as ClusterIP), spec.externalTrafficPolicy; ' +
      'Deployment default/backend-webapp: spec.template.spec.nodeSelector, spec.template.spec.tolerations',
  ]);
});

test('other built-in kinds are ignored with a warning', () => {
  const text = `apiVersion: v1
kind: ConfigMap
metadata: { name: settings }
data: { a: "1" }
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: backend }
---
${TEXT}`;
  const s = loadScenarioText(text, FILE);
  assert.equal(s.warnings.slice(0, 2), [
    'cluster-dump.yaml:1:1: ignoring v1 ConfigMap "settings": not simulated',
    'cluster-dump.yaml:6:1: ignoring autoscaling/v2 HorizontalPodAutoscaler "backend": not simulated',
  ]);
});

test.run();
