-- Running total of order amounts per customer within each three-minute period, updated every minute
-- (CUMULATE windows: [start, start + 1 min), [start, start + 2 min), [start, start + 3 min)).
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

CREATE TEMPORARY TABLE order_totals (
  customer STRING,
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  total_amount DOUBLE
) WITH (
  'connector' = 'millrace',
  'stream' = '${output:order-totals}',
  'format' = 'json',
  'sink.partition-key.field' = 'customer'
);

INSERT INTO order_totals
SELECT customer, window_start, window_end, SUM(amount)
FROM TABLE(CUMULATE(TABLE orders, DESCRIPTOR(arrival), INTERVAL '1' MINUTE, INTERVAL '3' MINUTE))
GROUP BY customer, window_start, window_end;
