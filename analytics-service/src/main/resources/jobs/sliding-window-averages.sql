-- Average order amount per customer over the last two minutes, every minute (HOP windows).
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

CREATE TEMPORARY TABLE order_averages (
  customer STRING,
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  average_amount DOUBLE
) WITH (
  'connector' = 'millrace',
  'stream' = '${output:order-averages}',
  'format' = 'json',
  'sink.partition-key.field' = 'customer'
);

INSERT INTO order_averages
SELECT customer, window_start, window_end, AVG(amount)
FROM TABLE(HOP(TABLE orders, DESCRIPTOR(arrival), INTERVAL '1' MINUTE, INTERVAL '2' MINUTE))
GROUP BY customer, window_start, window_end;
