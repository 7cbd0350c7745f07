-- MATCH_RECOGNIZE: a sensor reading above the threshold at least three times in a row, then back to normal.
SET 'table.local-time-zone' = 'UTC';

CREATE TEMPORARY TABLE readings (
  sensor STRING,
  temperature DOUBLE,
  arrival TIMESTAMP_LTZ(3) METADATA FROM 'approximate_arrival_timestamp' VIRTUAL,
  WATERMARK FOR arrival AS arrival - INTERVAL '${watermark-delay-seconds:1}' SECOND
) WITH (
  'connector' = 'millrace',
  'stream' = '${input:readings}',
  'format' = 'json',
  'scan.bounded.mode' = '${bounded:unbounded}'
);

CREATE TEMPORARY TABLE overheating (
  sensor STRING,
  started TIMESTAMP(3),
  last_hot TIMESTAMP(3),
  peak DOUBLE,
  hot_readings BIGINT
) WITH (
  'connector' = 'millrace',
  'stream' = '${output:overheating}',
  'format' = 'json',
  'sink.partition-key.field' = 'sensor'
);

INSERT INTO overheating
SELECT sensor, CAST(started AS TIMESTAMP(3)), CAST(last_hot AS TIMESTAMP(3)), peak, hot_readings
FROM readings
MATCH_RECOGNIZE (
  PARTITION BY sensor
  ORDER BY arrival
  MEASURES
    FIRST(HOT.arrival) AS started,
    LAST(HOT.arrival) AS last_hot,
    MAX(HOT.temperature) AS peak,
    COUNT(HOT.temperature) AS hot_readings
  ONE ROW PER MATCH
  AFTER MATCH SKIP PAST LAST ROW
  PATTERN (HOT{3,} COOL)
  DEFINE
    HOT AS HOT.temperature > ${threshold:100},
    COOL AS COOL.temperature <= ${threshold:100}
);
