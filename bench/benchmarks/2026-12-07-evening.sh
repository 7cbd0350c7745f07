#!/bin/bash
# Quiet-machine bench of every ratio on main's packaged build, two platforms: consumer read path, then fetch path.
set -u
export MILLRACE_SKIP_BUILD=1
cd "$(dirname "$0")/../.."
R=${1:-/tmp/millrace-bench-evening}; rm -rf $R; mkdir -p $R
start() { # $1 dir, $2 extra args
  local D=$1; mkdir -p $D
  T0=$(date +%s.%N)
  ./millrace up --data-dir $D/data --shard-limits off --port 14567 --tls-port off \
    --kafka-port 19092 --controller-port 19093 --s3-port 19000 --connect-port 19083 --flink-port 0 $2 > $D/up.out 2> $D/up.err &
  for i in $(seq 1 600); do grep -q ready $D/up.out && break; sleep 0.1; done
  echo "ready after $(echo "$(date +%s.%N) - $T0" | bc) s (wall, script)"; cat $D/up.out
  PID=$(ss -ltnp 'sport = :14567' | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
  B="--endpoint http://127.0.0.1:14567 --platform-pid $PID --bootstrap-servers 127.0.0.1:19092 --results-dir $D/results"
}
stop() { kill $PID; for i in $(seq 1 60); do kill -0 $PID 2>/dev/null || break; sleep 0.5; done; }
D=$R/consumer; start $D ""
uptime
./millrace bench put --compare --warm-up-records 300000 --shards 4 --threads 4 --record-size 1024 --batch-size 500 --duration 30s $B 2>&1 | tail -1; uptime
./millrace bench get --compare --records 1000000 --shards 4 --threads 4 --record-size 1024 --batch-size 500 $B 2>&1 | tail -1; uptime
./millrace bench e2e --fan-out --consumers 5 --shards 4 --threads 4 --duration 30s $B 2>&1 | tail -1; uptime
./millrace bench firehose --compare --threads 4 --record-size 1024 --batch-size 500 --duration 30s --buffer-size-mb 5 --buffer-interval 0s --s3-endpoint http://127.0.0.1:19000 $B 2>&1 | tail -1; uptime
./millrace bench firehose --pause-delivery --connect-url http://127.0.0.1:19083 --compare --threads 4 --record-size 1024 --batch-size 500 --duration 30s --buffer-size-mb 5 --s3-endpoint http://127.0.0.1:19000 $B 2>&1 | tail -1; uptime
./millrace bench firehose --destination http --compare --threads 4 --record-size 1024 --batch-size 500 --duration 30s --buffer-size-mb 5 --buffer-interval 0s --s3-endpoint http://127.0.0.1:19000 $B 2>&1 | tail -1; uptime
./millrace bench firehose --destination iceberg --compare --threads 4 --record-size 1024 --batch-size 500 --duration 30s --buffer-size-mb 5 --buffer-interval 0s --drain-timeout 300s --s3-endpoint http://127.0.0.1:19000 $B 2>&1 | tail -1; uptime
./millrace bench e2e --lambda --shards 2 --threads 2 --duration 30s $B 2>&1 | tail -1; uptime
stop
printf 'millrace.kinesis.read-path=fetch\n' > $R/fetch.properties
D=$R/fetch; start $D "--config $R/fetch.properties"
./millrace bench get --compare --records 1000000 --shards 4 --threads 4 --record-size 1024 --batch-size 500 $B 2>&1 | tail -1; uptime
stop
echo done
