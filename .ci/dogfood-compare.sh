#!/usr/bin/env bash
# Dogfood `compare` the way a user's CI job would: run a baseline and a
# candidate of a shipped scenario with the same seed (common random numbers),
# then gate on the comparison. Baseline: the seed example on iptables with
# 10,000 background Services; candidate: the same on nftables. kube-proxy's
# iptables walks KUBE-SERVICES rule by rule for each new connection
# (~17 ns a rule, ~5,000 rules on average at 10k Services: ~90 us more per
# connection), nftables dispatches through a map, so with 1 ms requests at
# low load the candidate must come out faster at p50 (~6 %, p = 0.002 over
# 10 paired runs) and regress nothing. Then the same two results the other
# way round must fail a 3 % p50 budget (exit 1). ~5 s on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="node dist/clusterip-sim.mjs"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
common=(scenarios/backend-webapp.yaml --runs 10 --set duration=3s --set warmup=1s --progress none
  --set cluster.background.services=10000 --set 'workloads[0].serviceTime.mean=1ms'
  --set 'traffic[0].arrival.rate=600')
$bin run "${common[@]}" --out "$out/base" 2>/dev/null
$bin run "${common[@]}" --set cluster.proxy.mode=nftables --out "$out/cand" 2>/dev/null

fail() { echo "dogfood compare: $*" >&2; cat "$out/table.md" >&2; exit 1; }
status=0
$bin compare "$out/base/backend-webapp" "$out/cand/backend-webapp" \
  --max-regression latency_p99_ms=5%,error_rate=0.1pp --format markdown >"$out/table.md" || status=$?
[ "$status" -eq 0 ] || fail "iptables → nftables: expected exit 0 (no budget exceeded), got $status"
grep -q '^| 0 | latency_p50_ms |.*| improved |$' "$out/table.md" || fail "expected latency_p50_ms improved"
grep -q '^| 0 | error_rate |.*| ~ (p=1.000 n=10) |' "$out/table.md" || fail "expected error_rate ~"
if grep -q '| \*\*regressed' "$out/table.md"; then fail "expected no metric regressed"; fi
grep -q 'paired: same seed 42' "$out/table.md" || fail "expected a paired comparison"

status=0
$bin compare "$out/cand/backend-webapp" "$out/base/backend-webapp" \
  --max-regression latency_p50_ms=3% --format markdown >"$out/table.md" 2>/dev/null || status=$?
[ "$status" -eq 1 ] || fail "nftables → iptables with a 3 % p50 budget: expected exit 1, got $status"
echo "dogfood compare: iptables → nftables at 10k Services: p50 improved, nothing regressed; the reverse fails its 3 % budget (exit 1) — ok"
