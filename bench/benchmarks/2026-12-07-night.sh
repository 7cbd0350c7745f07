#!/bin/bash
# Quiet-machine bench on main's packaged build (the fetch read path and the shared shard tail by default):
# GetRecords, fan-out closed-loop and paced, the Firehose backlog drain and freshness at a paced load, then start-ups.
# Usage: bench/benchmarks/2026-12-07-night.sh [RESULTS_DIR] [FIREHOSE_RATE]
set -u
export MILLRACE_SKIP_BUILD=1
cd "$(dirname "$0")/../.."
R=${1:-/tmp/millrace-bench-night}; rm -rf $R; mkdir -p $R
FIREHOSE_RATE=${2:-8000}
start() { # $1 dir
  local D=$1; mkdir -p $D
  T0=$(date +%s.%N)
  ./millrace up --data-dir $D/data --shard-limits off --port 14567 --tls-port off \
    --kafka-port 19092 --controller-port 19093 --s3-port 19000 --connect-port 19083 --flink-port 0 > $D/up.out 2> $D/up.err &
  for i in $(seq 1 600); do grep -q "Millrace ready" $D/up.out && break; sleep 0.1; done
  echo "ready after $(echo "$(date +%s.%N) - $T0" | bc) s (wall, script)"
  PID=$(ss -ltnp 'sport = :14567' | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
  B="--endpoint http://127.0.0.1:14567 --platform-pid $PID --bootstrap-servers 127.0.0.1:19092 --results-dir $D/results"
}
stop() { kill $PID; for i in $(seq 1 60); do kill -0 $PID 2>/dev/null || break; sleep 0.5; done; }
S3="--s3-endpoint http://127.0.0.1:19000"
D=$R/platform; start $D
uptime
./millrace bench get --compare --records 1000000 --shards 4 --threads 4 --record-size 1024 --batch-size 500 $B 2>&1 | tail -1; uptime
# The first fan-out run warms the event-stream path; the second is the closed-loop figure; the third is paced.
./millrace bench e2e --fan-out --consumers 5 --shards 4 --threads 4 --duration 30s $B 2>&1 | tail -1; uptime
./millrace bench e2e --fan-out --consumers 5 --shards 4 --threads 4 --duration 30s $B 2>&1 | tail -1; uptime
./millrace bench e2e --fan-out --consumers 5 --shards 4 --threads 4 --duration 30s --rate 100 $B 2>&1 | tail -1; uptime
./millrace bench firehose --pause-delivery --connect-url http://127.0.0.1:19083 --compare --threads 4 --record-size 1024 --batch-size 500 --duration 30s --buffer-size-mb 5 $S3 $B 2>&1 | tail -1; uptime
./millrace bench firehose --threads 4 --record-size 1024 --batch-size 500 --duration 30s --buffer-size-mb 5 --buffer-interval 0s --rate $FIREHOSE_RATE $S3 $B 2>&1 | tail -1; uptime
stop
for n in 1 2 3; do D=$R/start-$n; start $D; sleep 2; stop; done
echo done
