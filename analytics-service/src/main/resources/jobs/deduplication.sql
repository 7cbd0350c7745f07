-- Drops redelivered orders: producers retry PutRecord, so one order_id can arrive more than once. Keeps the
-- first arrival of each order_id.
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

CREATE TEMPORARY TABLE unique_orders (
  order_id STRING,
  customer STRING,
  amount DOUBLE,
  first_arrival TIMESTAMP(3)
) WITH (
  'connector' = 'millrace',
  'stream' = '${output:unique-orders}',
  'format' = 'json',
  'sink.partition-key.field' = 'order_id'
);

INSERT INTO unique_orders
SELECT order_id, customer, amount, CAST(arrival AS TIMESTAMP(3))
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY arrival ASC) AS row_num
  FROM orders
)
WHERE row_num = 1;
