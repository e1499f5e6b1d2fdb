#!/usr/bin/env bash
# The workshop's Lab 5, step for step, against a running lab with the official AWS CLI and
# ApacheBench: a constant stream of likes through the accelerator while the traffic dials
# go 100/0, 0/100, 50/50 and 90/10, then the primary is broken on purpose (a: both ECS
# services scaled to 0; b: target health checks broken, as a narrowed security group
# does) and repaired. After each step it samples where new connections land (the services
# answer with X-Mysfits-Region) and fails if that is not what the workshop describes.
#
# Usage: scripts/workshop-lab5.sh            (uses the lab in MYSFITS_DR_LAB_DIR or ~/.mysfits-dr/lab)
# Needs: /usr/bin/aws (AWS CLI v2), ab (apache2-utils), node.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cli() { node "$here/bin/mysfits-dr.js" "$@"; }
eval "$(cli lab env)"
accel=$( (cli --json lab status || true) | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).state.acceleratorUrl))')
config="$here/mysfits-dr.config.json"
cfg() { node -e "const c=require('$config');console.log($1)"; }
west_group=$(cfg 'c.regions[0].endpointGroupArn')
east_group=$(cfg 'c.regions[1].endpointGroupArn')
accel_arn=$(cfg 'c.accelerator.arn')
like="$accel/mysfits/da5303ae-5aba-495c-b5d6-eb5c4a66b941/like"
aws() { /usr/bin/aws --endpoint-url "$AWS_ENDPOINT_URL" --output text "$@"; }
ga() { aws --region us-west-2 globalaccelerator "$@"; }
step() { printf '\n== %s\n' "$*"; }
failures=0

# Waits run in one Node process each (scripts/wait-accelerator.mjs), not one AWS CLI per poll.
wait_deployed() { node "$here/scripts/wait-accelerator.mjs" deployed "$accel_arn" 60; }
dials() {
  ga update-endpoint-group --endpoint-group-arn "$west_group" --traffic-dial-percentage "$1" >/dev/null
  ga update-endpoint-group --endpoint-group-arn "$east_group" --traffic-dial-percentage "$2" >/dev/null
  wait_deployed
}
# Samples N new connections (one request each); prints "west east other".
sample() {
  node -e '
    const http = require("node:http");
    const [url, n] = [process.argv[1], Number(process.argv[2])];
    const counts = { "us-west-2": 0, "us-east-1": 0, other: 0 };
    const one = () => new Promise((done) => {
      const req = http.get(url, { agent: false, headers: { connection: "close" } }, (res) => {
        res.resume();
        const region = res.headers["x-mysfits-region"];
        counts[res.statusCode === 200 && region in counts ? region : "other"] += 1;
        res.on("end", done);
      });
      req.on("error", () => { counts.other += 1; done(); });
    });
    (async () => { for (let i = 0; i < n; i += 1) await one();
      console.log(`${counts["us-west-2"]} ${counts["us-east-1"]} ${counts.other}`); })();
  ' "$accel/" "${1:-200}"
}
# expect <label> <min west share %> <max west share %>
expect_share() {
  read -r west east other < <(sample 200)
  local share=$((west * 100 / (west + east + other)))
  if [ "$other" -eq 0 ] && [ "$share" -ge "$2" ] && [ "$share" -le "$3" ]; then
    echo "ok: $1: us-west-2 $west, us-east-1 $east, failed $other"
  else
    echo "FAIL: $1: us-west-2 $west, us-east-1 $east, failed $other (expected $2-$3% in us-west-2)"
    failures=$((failures + 1))
  fi
}
wait_region_health() { # <group arn> <HEALTHY|UNHEALTHY>
  node "$here/scripts/wait-accelerator.mjs" health "$1" "$2" 120
}

step "start from the workshop's state after Lab 4: dials 100/100, one task per service"
for region in us-west-2 us-east-1; do
  for svc in mysfits-core mysfits-like; do
    aws --region "$region" ecs update-service --cluster mysfits-cluster --service "$svc" --desired-count 1 >/dev/null
  done
done
dials 100 100
wait_region_health "$west_group" HEALTHY
wait_region_health "$east_group" HEALTHY

step "a constant stream of likes through the accelerator (ab, in the background)"
# As the workshop does it: ab with an empty POST body, repeated (10 likes, then a pause of
# 0.5 s: about 10 likes a second, a steady stream that leaves the lab's host room to work).
ab_out=$(mktemp)
(while :; do
  ab -q -n 10 -c 1 -p /dev/null -T text/plain "$like" >>"$ab_out" 2>&1 || true
  sleep 0.5
done) &
ab_pid=$!
trap 'kill $ab_pid 2>/dev/null || true; rm -f "$ab_out"' EXIT

step "dials 100 / 0";  dials 100 0;  expect_share "100/0" 100 100
step "dials 0 / 100";  dials 0 100;  expect_share "0/100" 0 0
step "dials 50 / 50";  dials 50 50;  expect_share "50/50" 35 65
step "dials 90 / 10";  dials 90 10;  expect_share "90/10" 80 97
dials 100 100

step "break the primary (a): scale both ECS services in us-west-2 to 0"
aws --region us-west-2 ecs update-service --cluster mysfits-cluster --service mysfits-core --desired-count 0 >/dev/null
aws --region us-west-2 ecs update-service --cluster mysfits-cluster --service mysfits-like --desired-count 0 >/dev/null
wait_region_health "$west_group" UNHEALTHY
expect_share "us-west-2 scaled to 0" 0 0
step "undo (a): scale back to 1"
aws --region us-west-2 ecs update-service --cluster mysfits-cluster --service mysfits-core --desired-count 1 >/dev/null
aws --region us-west-2 ecs update-service --cluster mysfits-cluster --service mysfits-like --desired-count 1 >/dev/null
wait_region_health "$west_group" HEALTHY
expect_share "us-west-2 back" 100 100

step "break the primary (b): health checks fail (the lab's narrowed security group)"
tgs=$(cfg "c.regions[0].ecs.services.map(s=>s.targetGroupArn).join(' ')")
for tg in $tgs; do aws --region us-west-2 elbv2 modify-target-group --target-group-arn "$tg" --health-check-path /not-here >/dev/null; done
wait_region_health "$west_group" UNHEALTHY
aws --region us-west-2 elbv2 describe-target-health --target-group-arn "${tgs%% *}" --query 'TargetHealthDescriptions[].TargetHealth.[State,Reason]'
expect_share "us-west-2 health checks failing" 0 0
step "undo (b)"
for tg in $tgs; do aws --region us-west-2 elbv2 modify-target-group --target-group-arn "$tg" --health-check-path / >/dev/null; done
wait_region_health "$west_group" HEALTHY
expect_share "us-west-2 healthy again" 100 100

step "break the primary (b'): the same with the lab's fault for a narrowed security group"
cli lab fault failing-health-checks --region us-west-2 >/dev/null
wait_region_health "$west_group" UNHEALTHY
aws --region us-west-2 elbv2 describe-target-health --target-group-arn "${tgs%% *}" --query 'TargetHealthDescriptions[].TargetHealth.[State,Reason]'
expect_share "us-west-2 health checks timing out" 0 0
cli lab fault clear >/dev/null
wait_region_health "$west_group" HEALTHY
expect_share "us-west-2 healthy again" 100 100

kill $ab_pid 2>/dev/null || true
wait $ab_pid 2>/dev/null || true
step "ab (likes sent during the whole lab, summed over its runs)"
awk '/^Complete requests:/ { done += $3; runs += 1 } /^Non-2xx responses:/ { non2xx += $3 }
  END { printf "ab runs: %d\nComplete requests: %d\nNon-2xx responses: %d\n", runs, done, non2xx }' "$ab_out"
if [ "$failures" -gt 0 ]; then
  echo "$failures step(s) did not behave as the workshop describes"
  exit 1
fi
echo "every step behaved as the workshop describes"
