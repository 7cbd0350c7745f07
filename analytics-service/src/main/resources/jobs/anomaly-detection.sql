-- Anomaly score of every reading against the earlier readings of its sensor, with RANDOM_CUT_FOREST (the random
-- cut forest of Kinesis Data Analytics SQL; built into 'millrace sql' sessions, see the README to register it
-- elsewhere). Arguments: value, number of trees, sample size, shingle size.
SET 'table.local-time-zone' = 'UTC';

CREATE TEMPORARY TABLE readings (
  sensor STRING,
  `value` DOUBLE,
  arrival TIMESTAMP_LTZ(3) METADATA FROM 'approximate_arrival_timestamp' VIRTUAL,
  WATERMARK FOR arrival AS arrival - INTERVAL '${watermark-delay-seconds:1}' SECOND
) WITH (
  'connector' = 'millrace',
  'stream' = '${input:readings}',
  'format' = 'json',
  'scan.bounded.mode' = '${bounded:unbounded}'
);

CREATE TEMPORARY TABLE scored_readings (
  sensor STRING,
  `value` DOUBLE,
  arrival TIMESTAMP(3),
  anomaly_score DOUBLE
) WITH (
  'connector' = 'millrace',
  'stream' = '${output:scored-readings}',
  'format' = 'json',
  'sink.partition-key.field' = 'sensor'
);

INSERT INTO scored_readings
SELECT sensor, `value`, CAST(arrival AS TIMESTAMP(3)),
  RANDOM_CUT_FOREST(`value`, ${trees:50}, ${sample-size:64}, ${shingle-size:1}) OVER (
    PARTITION BY sensor ORDER BY arrival ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
FROM readings;
