-- Hand-written data migration (not generated): fills payment_rollups from the payments already
-- stored, as `npm run tillpoint -- rollups rebuild` (lib/payments/rollups.ts) does. Re-apply it
-- after 0012_payment_rollups if the migrations are regenerated.
INSERT INTO `payment_rollups` (`merchant_id`, `currency`, `method`, `status`, `hour`, `count`, `amount`, `volume`, `refunded`)
SELECT `merchant_id`, `currency`, `method`, `status`, (`created_at` / 3600000) * 3600000, count(*), sum(`amount`), sum(`amount_captured`), sum(`amount_refunded`)
FROM `payments`
GROUP BY `merchant_id`, `currency`, `method`, `status`, (`created_at` / 3600000) * 3600000;
