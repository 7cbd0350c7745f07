-- Customer sessions: orders of a customer less than 30 seconds apart belong to one session.
SET 'table.local-time-zone' = 'UTC';

CREATE TEMPORARY TABLE orders (
  order_id STRING,
  customer STRING,
  amount DOUBLE,
  currency STRING,
  arrival TIMESTAMP_LTZ(3) METADATA FROM 'approximate_arrival_timestamp' VIRTUAL,
  WATERMARK FOR arrival AS arrival - INTERVAL '${watermark-delay-seconds:1}' SECOND
) WITH (
  'connector' = 'millrace',
  'stream' = '${input:orders}',
  'format' = 'json',
  'scan.bounded.mode' = '${bounded:unbounded}'
);

CREATE TEMPORARY TABLE customer_sessions (
  customer STRING,
  session_start TIMESTAMP(3),
  session_end TIMESTAMP(3),
  orders BIGINT,
  total_amount DOUBLE
) WITH (
  'connector' = 'millrace',
  'stream' = '${output:customer-sessions}',
  'format' = 'json',
  'sink.partition-key.field' = 'customer'
);

INSERT INTO customer_sessions
SELECT customer, window_start, window_end, COUNT(*), SUM(amount)
FROM TABLE(SESSION(TABLE orders PARTITION BY customer, DESCRIPTOR(arrival), INTERVAL '30' SECOND))
GROUP BY customer, window_start, window_end;
