-- Orders per customer in one-minute tumbling windows of arrival time.
-- Input: JSON orders {order_id, customer, amount, currency}. Output: one record per customer and window.
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

CREATE TEMPORARY TABLE order_counts (
  customer STRING,
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  orders BIGINT
) WITH (
  'connector' = 'millrace',
  'stream' = '${output:order-counts}',
  'format' = 'json',
  'sink.partition-key.field' = 'customer'
);

INSERT INTO order_counts
SELECT customer, window_start, window_end, COUNT(*)
FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(arrival), INTERVAL '1' MINUTE))
GROUP BY customer, window_start, window_end;
