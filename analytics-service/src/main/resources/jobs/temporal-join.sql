-- Converts every order to the base currency at the exchange rate in force when the order arrived: an event-time
-- temporal join against a versioned (changelog) table of rates, the latest rate per currency as of each instant.
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

CREATE TEMPORARY TABLE rate_updates (
  currency STRING,
  rate DOUBLE,
  arrival TIMESTAMP_LTZ(3) METADATA FROM 'approximate_arrival_timestamp' VIRTUAL,
  WATERMARK FOR arrival AS arrival - INTERVAL '${watermark-delay-seconds:1}' SECOND
) WITH (
  'connector' = 'millrace',
  'stream' = '${rates:rates}',
  'format' = 'json',
  'scan.bounded.mode' = '${bounded:unbounded}'
);

-- A versioned view: an upsert changelog keyed by currency with its event time, which Flink accepts as the right
-- side of FOR SYSTEM_TIME AS OF.
CREATE TEMPORARY VIEW rates AS
SELECT currency, rate, arrival
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY currency ORDER BY arrival DESC) AS row_num
  FROM rate_updates
)
WHERE row_num = 1;

CREATE TEMPORARY TABLE converted_orders (
  order_id STRING,
  customer STRING,
  amount DOUBLE,
  currency STRING,
  rate DOUBLE,
  base_amount DOUBLE
) WITH (
  'connector' = 'millrace',
  'stream' = '${output:converted-orders}',
  'format' = 'json',
  'sink.partition-key.field' = 'order_id'
);

INSERT INTO converted_orders
SELECT o.order_id, o.customer, o.amount, o.currency, r.rate, o.amount * r.rate
FROM orders AS o
JOIN rates FOR SYSTEM_TIME AS OF o.arrival AS r
  ON o.currency = r.currency;
