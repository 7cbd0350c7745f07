-- Routes events by lateness: those behind the watermark (CURRENT_WATERMARK) go to a separate stream instead of
-- being dropped silently by event-time operators. Events carry their own time (device clock) in 'ts', epoch ms.
-- The watermark is emitted on every event so that lateness does not depend on a timer.
SET 'table.local-time-zone' = 'UTC';

CREATE TEMPORARY TABLE device_events (
  device STRING,
  `value` DOUBLE,
  ts BIGINT,
  event_time AS TO_TIMESTAMP_LTZ(ts, 3),
  WATERMARK FOR event_time AS event_time - INTERVAL '${allowed-lateness-seconds:10}' SECOND
) WITH (
  'connector' = 'millrace',
  'stream' = '${input:device-events}',
  'format' = 'json',
  'scan.bounded.mode' = '${bounded:unbounded}',
  'scan.watermark.emit.strategy' = 'on-event'
);

CREATE TEMPORARY TABLE on_time_events (
  device STRING,
  `value` DOUBLE,
  event_time TIMESTAMP(3)
) WITH (
  'connector' = 'millrace',
  'stream' = '${output:on-time-events}',
  'format' = 'json',
  'sink.partition-key.field' = 'device'
);

CREATE TEMPORARY TABLE late_events (
  device STRING,
  `value` DOUBLE,
  event_time TIMESTAMP(3),
  watermark_at_arrival TIMESTAMP(3)
) WITH (
  'connector' = 'millrace',
  'stream' = '${late-output:late-events}',
  'format' = 'json',
  'sink.partition-key.field' = 'device'
);

EXECUTE STATEMENT SET
BEGIN
  INSERT INTO on_time_events
  SELECT device, `value`, CAST(event_time AS TIMESTAMP(3))
  FROM device_events
  WHERE CURRENT_WATERMARK(event_time) IS NULL OR event_time > CURRENT_WATERMARK(event_time);

  INSERT INTO late_events
  SELECT device, `value`, CAST(event_time AS TIMESTAMP(3)), CAST(CURRENT_WATERMARK(event_time) AS TIMESTAMP(3))
  FROM device_events
  WHERE event_time <= CURRENT_WATERMARK(event_time);
END;
