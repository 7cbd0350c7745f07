-- Orders shipped within two minutes of their arrival: a stream-to-stream interval join, whose state is dropped
-- as the watermark passes the interval.
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

CREATE TEMPORARY TABLE shipments (
  order_id STRING,
  carrier STRING,
  arrival TIMESTAMP_LTZ(3) METADATA FROM 'approximate_arrival_timestamp' VIRTUAL,
  WATERMARK FOR arrival AS arrival - INTERVAL '${watermark-delay-seconds:1}' SECOND
) WITH (
  'connector' = 'millrace',
  'stream' = '${shipments:shipments}',
  'format' = 'json',
  'scan.bounded.mode' = '${bounded:unbounded}'
);

CREATE TEMPORARY TABLE fast_shipments (
  order_id STRING,
  customer STRING,
  carrier STRING,
  seconds_to_ship INT
) WITH (
  'connector' = 'millrace',
  'stream' = '${output:fast-shipments}',
  'format' = 'json',
  'sink.partition-key.field' = 'order_id'
);

INSERT INTO fast_shipments
SELECT o.order_id, o.customer, s.carrier, TIMESTAMPDIFF(SECOND, o.arrival, s.arrival)
FROM orders AS o
JOIN shipments AS s
  ON o.order_id = s.order_id
 AND s.arrival BETWEEN o.arrival AND o.arrival + INTERVAL '2' MINUTE;
