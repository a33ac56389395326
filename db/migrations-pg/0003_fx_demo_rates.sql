-- Hand-written data, the PostgreSQL twin of db/migrations/0018_fx_demo_rates.sql (keep the two
-- lists equal; re-apply as is after regenerating the schema migrations): the fixed, indicative
-- demo rates, US dollars per one unit of each supported currency. Not market data: an operator
-- replaces them with `npm run tillpoint -- fx set <CURRENCY> <USD per unit>`.
INSERT INTO "fx_rates" ("currency", "usd_rate", "updated_at") VALUES
  ('USD', '1', 0), ('EUR', '1.08', 0), ('GBP', '1.27', 0), ('JPY', '0.0067', 0),
  ('CHF', '1.13', 0), ('CAD', '0.73', 0), ('AUD', '0.66', 0), ('NZD', '0.6', 0),
  ('SEK', '0.095', 0), ('NOK', '0.093', 0), ('DKK', '0.145', 0), ('PLN', '0.25', 0),
  ('CZK', '0.043', 0), ('HUF', '0.0027', 0), ('INR', '0.012', 0), ('BRL', '0.2', 0),
  ('MXN', '0.058', 0), ('SGD', '0.74', 0), ('HKD', '0.128', 0), ('ZAR', '0.055', 0),
  ('CNY', '0.138', 0), ('AED', '0.2723', 0), ('KRW', '0.00074', 0), ('VND', '0.00004', 0),
  ('CLP', '0.00107', 0), ('ISK', '0.0072', 0), ('UGX', '0.00027', 0), ('BHD', '2.6596', 0),
  ('KWD', '3.25', 0), ('OMR', '2.6008', 0), ('JOD', '1.4104', 0), ('TND', '0.32', 0)
ON CONFLICT ("currency") DO NOTHING;
