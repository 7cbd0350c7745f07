-- The two customers with the highest order totals in each one-minute window (window Top-N: final results
-- only, one record per ranked customer, no updates).
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

CREATE TEMPORARY TABLE top_customers (
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  `rank` BIGINT,
  customer STRING,
  total_amount DOUBLE,
  partition_key STRING METADATA
) WITH (
  'connector' = 'millrace',
  'stream' = '${output:top-customers}',
  'format' = 'json'
);

INSERT INTO top_customers
SELECT window_start, window_end, row_num, customer, total_amount, CAST(window_start AS STRING)
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY total_amount DESC) AS row_num
  FROM (
    SELECT window_start, window_end, customer, SUM(amount) AS total_amount
    FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(arrival), INTERVAL '1' MINUTE))
    GROUP BY window_start, window_end, customer
  )
)
WHERE row_num <= ${top:2};
