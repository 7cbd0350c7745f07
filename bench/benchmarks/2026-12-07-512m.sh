#!/bin/bash
# Quiet-machine bench of the packaged platform in a 512 MiB heap.
set -u
export MILLRACE_SKIP_BUILD=1
cd "$(dirname "$0")/../.."
D=$(mktemp -d /tmp/mr-final.XXXX)
MILLRACE_SKIP_BUILD=1 MILLRACE_JAVA_OPTS=-Xmx512m ./millrace up --data-dir $D/data --shard-limits off --port 14567 --tls-port off \
  --kafka-port 19092 --controller-port 19093 --s3-port 19000 --connect-port 19083 --flink-port 0 > $D/up.out 2> $D/up.err &
for i in $(seq 1 120); do grep -q ready $D/up.out && break; sleep 1; done
cat $D/up.out
PID=$(ss -ltnp 'sport = :14567' | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
echo "platform pid $PID"; uptime
B="--endpoint http://127.0.0.1:14567 --platform-pid $PID --bootstrap-servers 127.0.0.1:19092 --results-dir $D/results"
./millrace bench put --compare --shards 4 --threads 4 --record-size 1024 --batch-size 500 --duration 30s $B 2>&1 | tail -5
uptime
./millrace bench get --compare --records 1000000 --shards 4 --threads 4 --record-size 1024 --batch-size 500 $B 2>&1 | tail -5
uptime
./millrace bench firehose --compare --threads 4 --record-size 1024 --batch-size 500 --duration 30s --s3-endpoint http://127.0.0.1:19000 $B 2>&1 | tail -5
uptime
grep -c OutOfMemoryError $D/up.err
kill $PID; sleep 5
for f in $D/results/*/report.md; do echo "== $f"; sed -n '/## Summary/,/Throughput counts/p' $f; grep -E "^\s+- " $f | head -12; done
