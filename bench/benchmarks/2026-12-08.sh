#!/bin/bash
# Quiet-machine bench on main's packaged build: GetRecords three times on one platform, fan-out closed-loop and
# paced (after each run's 5 s warm-up), the Firehose backlog drain and freshness at a paced load, the drain again on a
# platform with two DirectPut partitions, then fresh starts (from the class-data archive, made beforehand by one `up`).
# Usage: bench/benchmarks/2026-12-08.sh [RESULTS_DIR] [FIREHOSE_RATE]
set -u
export MILLRACE_SKIP_BUILD=1
cd "$(dirname "$0")/../.."
R=${1:-/tmp/millrace-bench-2026-12-08}; rm -rf $R; mkdir -p $R
FIREHOSE_RATE=${2:-8000}
start() { # $1 dir, then extra up options
  local D=$1; shift; mkdir -p $D
  T0=$(date +%s.%N)
  ./millrace up "$@" --data-dir $D/data --shard-limits off --port 14567 --tls-port off \
    --kafka-port 19092 --controller-port 19093 --s3-port 19000 --connect-port 19083 --flink-port 0 > $D/up.out 2> $D/up.err &
  for i in $(seq 1 600); do grep -q "Millrace ready" $D/up.out && break; sleep 0.1; done
  echo "ready after $(echo "$(date +%s.%N) - $T0" | bc) s (wall, script)"
  PID=$(ss -ltnp 'sport = :14567' | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
  B="--endpoint http://127.0.0.1:14567 --platform-pid $PID --bootstrap-servers 127.0.0.1:19092 --results-dir $D/results"
}
stop() {
  local T0; T0=$(date +%s.%N); kill $PID
  for i in $(seq 1 80); do kill -0 $PID 2>/dev/null || break; sleep 0.5; done
  echo "stopped after $(echo "$(date +%s.%N) - $T0" | bc) s"
}
S3="--s3-endpoint http://127.0.0.1:19000"
D=$R/platform; start $D
uptime
for n in 1 2 3; do
  ./millrace bench get --compare --records 1000000 --shards 4 --threads 4 --record-size 1024 --batch-size 500 $B 2>&1 | tail -1; uptime
done
# The first fan-out run warms the event-stream path; the second is the closed-loop figure; then paced runs.
./millrace bench e2e --fan-out --consumers 5 --shards 4 --threads 4 --duration 30s $B 2>&1 | tail -1; uptime
./millrace bench e2e --fan-out --consumers 5 --shards 4 --threads 4 --duration 30s $B 2>&1 | tail -1; uptime
for rate in 100 100 200; do
  ./millrace bench e2e --fan-out --consumers 5 --shards 4 --threads 4 --duration 30s --rate $rate $B 2>&1 | tail -1; uptime
done
./millrace bench firehose --pause-delivery --connect-url http://127.0.0.1:19083 --compare --threads 4 --record-size 1024 --batch-size 500 --duration 30s --buffer-size-mb 5 $S3 $B 2>&1 | tail -1; uptime
./millrace bench firehose --threads 4 --record-size 1024 --batch-size 500 --duration 30s --buffer-size-mb 5 --buffer-interval 0s --rate $FIREHOSE_RATE $S3 $B 2>&1 | tail -1; uptime
stop
printf 'millrace.firehose.direct-put-partitions=2\n' > $R/partitions.properties
D=$R/platform-p2; start $D --config $R/partitions.properties
./millrace bench firehose --pause-delivery --connect-url http://127.0.0.1:19083 --compare --threads 4 --record-size 1024 --batch-size 500 --duration 30s --buffer-size-mb 5 $S3 $B 2>&1 | tail -1; uptime
stop
for n in 1 2 3 4 5; do D=$R/start-$n; start $D; sleep 2; stop; done
echo done
