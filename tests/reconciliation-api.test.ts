import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, inject, it } from 'vitest';
import { addUser } from '@/lib/merchants/team';
import { createMerchant } from '@/lib/merchants/create-merchant';
import { apiClient, cardPayment, newMerchant, signInAs, suiteDb } from './api-client';

type Api = ReturnType<typeof apiClient>;
type Row = Record<'date' | 'processor_reference' | 'type' | 'amount' | 'fee' | 'currency', string>;
const COLUMNS = ['date', 'processor_reference', 'type', 'amount', 'fee', 'currency'];

async function exportReport(secretKey: string, date: string) {
  const res = await fetch(`${inject('baseUrl')}/api/v1/test_helpers/processor_report?date=${date}`, { headers: { authorization: `Bearer ${secretKey}` } });
  return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
}

const importCsv = (api: Api, csv: string, headers: Record<string, string> = {}) => api.post('/reconciliation/imports', csv, { 'content-type': 'text/csv', ...headers });

/** A card payment, a partly refunded one and a bank transfer settled through the test helper. */
async function tradeToday(api: Api) {
  const first = await api.post('/payments', cardPayment({ amount: '80.00' }));
  const second = await api.post('/payments', cardPayment({ amount: '19.99' }));
  const refund = await api.post(`/payments/${second.body.id}/refunds`, { amount: '4.99' });
  const bank = await api.post('/payments', { amount: '250.00', currency: 'usd', method: 'bank_transfer', payment_details: { account_number: '000123456789', routing_number: '110000000' } });
  const settled = await api.post(`/test_helpers/payments/${bank.body.id}/advance`);
  expect([first.body.status, second.body.status, refund.body.status, settled.body.status]).toEqual(['success', 'success', 'succeeded', 'success']);
  return { first: first.body, second: second.body, refund: refund.body, bank: settled.body, date: (first.body.created as string).slice(0, 10) };
}

describe('processor report test helper', () => {
  it("exports the day's processor report as CSV, and needs a key", async () => {
    const { api, secretKey } = await newMerchant();
    const day = await tradeToday(api);
    const report = await exportReport(secretKey, day.date);
    expect(report.status).toBe(200);
    expect(report.contentType).toBe('text/csv; charset=utf-8');
    const rows: Row[] = parse(report.text, { columns: true });
    expect(report.text.split('\n')[0]).toBe(COLUMNS.join(','));
    expect(rows.map((r) => [r.type, r.amount, r.fee])).toEqual([
      ['charge', '80.00', '2.62'],
      ['charge', '19.99', '0.88'],
      ['refund', '4.99', '0.00'],
      ['charge', '250.00', '2.00'],
    ]);

    const anonymous = await fetch(`${inject('baseUrl')}/api/v1/test_helpers/processor_report?date=${day.date}`);
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error.code).toBe('api_key_missing');
    const bad = await exportReport(secretKey, 'yesterday');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error).toMatchObject({ code: 'parameter_invalid', param: 'date' });
  });
});

describe('reconciliation imports', () => {
  it('reconciles an exported report with zero breaks and detects its re-import', async () => {
    const { api, secretKey, apiKeyId } = await newMerchant();
    const day = await tradeToday(api);
    const { text: csv } = await exportReport(secretKey, day.date);

    const imported = await importCsv(api, csv);
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({
      object: 'reconciliation_run',
      line_count: 4,
      created_by: apiKeyId,
      duplicate: false,
      livemode: false,
      summary: { date_from: day.date, date_to: day.date, breaks: 0, matched: { count: 4, totals: { USD: { amount: '345.00', fee: '5.50' } } } },
    });
    expect(imported.body.id).toMatch(/^recon_/);

    const run = await api.get(`/reconciliation/runs/${imported.body.id}`);
    expect(run.status).toBe(200);
    expect(run.body.items.data.map((i: { result: string }) => i.result)).toEqual(['matched', 'matched', 'matched', 'matched']);
    expect(run.body.items.data[0]).toMatchObject({ object: 'reconciliation_item', line_number: 2, report: { amount: '80.00' }, ledger: { id: day.first.id, amount: '80.00', fee: '2.62' }, difference: null });

    const again = await importCsv(api, csv);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: imported.body.id, duplicate: true });
    const runs = await api.get('/reconciliation/runs');
    expect(runs.body).toMatchObject({ object: 'list', has_more: false });
    expect(runs.body.data.map((r: { id: string }) => r.id)).toEqual([imported.body.id]);
  });

  it('shows exactly the breaks of a tampered report, and a break can be resolved once', async () => {
    const { api, secretKey, apiKeyId } = await newMerchant();
    const day = await tradeToday(api);
    const rows: Row[] = parse((await exportReport(secretKey, day.date)).text, { columns: true });
    rows.find((r) => r.amount === '80.00')!.amount = '8.00';
    rows.splice(rows.findIndex((r) => r.type === 'refund'), 1);
    rows.push({ date: day.date, processor_reference: 'sim_ch_FOREIGN', type: 'charge', amount: '13.13', fee: '0.68', currency: 'USD' });

    const imported = await importCsv(api, stringify(rows, { header: true, columns: COLUMNS }));
    expect(imported.status).toBe(201);
    expect(imported.body.summary).toMatchObject({ breaks: 3, matched: { count: 2 }, amount_mismatch: { count: 1 }, missing_in_ledger: { count: 1 }, missing_in_report: { count: 1 } });
    const breaks = await api.get(`/reconciliation/runs/${imported.body.id}?result=breaks`);
    const items = breaks.body.items.data;
    expect(items.map((i: { result: string }) => i.result)).toEqual(['amount_mismatch', 'missing_in_ledger', 'missing_in_report']);
    expect(items[0]).toMatchObject({ ledger: { id: day.first.id }, difference: { amount: '-72.00', fee: '0.00' } });
    expect(items[1]).toMatchObject({ line_number: 5, report: { processor_reference: 'sim_ch_FOREIGN' }, ledger: null });
    expect(items[2]).toMatchObject({ line_number: null, report: null, ledger: { id: day.refund.id, type: 'refund', amount: '4.99' } });
    expect((await api.get(`/reconciliation/runs/${imported.body.id}?result=matched`)).body.items.data).toHaveLength(2);

    const resolved = await api.post(`/reconciliation/items/${items[1].id}/resolve`, { note: 'Charge of another account; processor notified.' });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ id: items[1].id, resolved_by: apiKeyId, resolution_note: 'Charge of another account; processor notified.' });
    expect(Date.now() - Date.parse(resolved.body.resolved_at)).toBeLessThan(60_000);
    const twice = await api.post(`/reconciliation/items/${items[1].id}/resolve`, { note: 'again' });
    expect(twice.status).toBe(400);
    expect(twice.body.error.code).toBe('reconciliation_item_state_invalid');
    const noNote = await api.post(`/reconciliation/items/${items[0].id}/resolve`, {});
    expect(noNote.body.error).toMatchObject({ code: 'parameter_missing', param: 'note' });
    const stored = await api.get(`/reconciliation/runs/${imported.body.id}?result=missing_in_ledger`);
    expect(stored.body.items.data[0]).toMatchObject({ resolved_by: apiKeyId, resolved_at: resolved.body.resolved_at });
  });

  it('accepts a multipart upload with a file field, keeping its name', async () => {
    const { api, secretKey } = await newMerchant();
    const day = await tradeToday(api);
    const { text: csv } = await exportReport(secretKey, day.date);
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), `processor-${day.date}.csv`);
    const res = await fetch(`${inject('baseUrl')}/api/v1/reconciliation/imports`, { method: 'POST', headers: { authorization: `Bearer ${secretKey}` }, body: form });
    const body = await res.json();
    expect(res.status).toBe(201);
    expect(body).toMatchObject({ filename: `processor-${day.date}.csv`, line_count: 4, duplicate: false, summary: { breaks: 0 } });
    // The same content as text/csv is the same file.
    expect((await importCsv(api, csv)).body).toMatchObject({ id: body.id, duplicate: true });

    const missing = await fetch(`${inject('baseUrl')}/api/v1/reconciliation/imports`, { method: 'POST', headers: { authorization: `Bearer ${secretKey}` }, body: new FormData() });
    expect((await missing.json()).error).toMatchObject({ code: 'parameter_missing', param: 'file' });
  });

  it('refuses malformed reports with every bad line, and other content types', async () => {
    const { api } = await newMerchant();
    const csv = `${COLUMNS.join(',')}\n2026-03-02,a,charge,1.00,0.33,USD\n2026-03-02,b,charge,abc,0.33,USD\n2026-03-02,c,charge,1.00,0.33,usd\n2026-03-02,d,payout,1.00,0.33,USD\n`;
    const res = await importCsv(api, csv, { 'idempotency-key': 'bad-report-1' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', code: 'report_invalid' });
    expect(res.body.error.message).toContain("line 3: amount 'abc' is not a decimal");
    expect(res.body.error.message).toContain("line 5: type 'payout' is not charge or refund");
    expect((await api.get('/reconciliation/runs')).body.data).toEqual([]);

    expect((await importCsv(api, '')).body.error.code).toBe('report_invalid');
    const json = await api.post('/reconciliation/imports', { csv: 'no' });
    expect(json.body.error).toMatchObject({ code: 'parameter_invalid', param: 'content-type' });
  });

  it('replays an import sent again with the same Idempotency-Key', async () => {
    const { api, secretKey } = await newMerchant();
    const day = await tradeToday(api);
    const { text: csv } = await exportReport(secretKey, day.date);
    const first = await importCsv(api, csv, { 'idempotency-key': 'recon-import-1' });
    const replay = await importCsv(api, csv, { 'idempotency-key': 'recon-import-1' });
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.text).toBe(first.text);
    const other = await importCsv(api, `${csv}\n`, { 'idempotency-key': 'recon-import-1' });
    expect(other.status).toBe(409);
  });

  it("keeps runs and items to their merchant, and lets only the owner import or resolve", async () => {
    const { api, secretKey } = await newMerchant();
    const day = await tradeToday(api);
    const rows: Row[] = parse((await exportReport(secretKey, day.date)).text, { columns: true });
    rows[0].fee = '9.99';
    const imported = await importCsv(api, stringify(rows, { header: true, columns: COLUMNS }));
    const brk = (await api.get(`/reconciliation/runs/${imported.body.id}?result=breaks`)).body.items.data[0];

    const stranger = await newMerchant('Stranger');
    expect((await stranger.api.get(`/reconciliation/runs/${imported.body.id}`)).status).toBe(404);
    expect((await stranger.api.post(`/reconciliation/items/${brk.id}/resolve`, { note: 'mine?' })).status).toBe(404);
    expect((await stranger.api.get('/reconciliation/runs')).body.data).toEqual([]);

    const tag = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const owner = { email: `owner-${tag}@recon.test`, password: 'correct horse battery' };
    const team = await createMerchant(suiteDb(), { name: 'Recon team', owner });
    await addUser(suiteDb(), team.merchantId, { email: `viewer-${tag}@recon.test`, password: owner.password, role: 'viewer' });
    const teamApi = apiClient(team.secretKey);
    const teamDay = await tradeToday(teamApi);
    const teamRows: Row[] = parse((await exportReport(team.secretKey, teamDay.date)).text, { columns: true });
    teamRows.pop();
    const teamCsv = stringify(teamRows, { header: true, columns: COLUMNS });

    const viewer = await signInAs(`viewer-${tag}@recon.test`, owner.password);
    const refused = await viewer.request('POST', '/reconciliation/imports', teamCsv);
    expect(refused.status).toBe(403);
    const signedIn = await signInAs(owner.email, owner.password);
    const ownerImport = await apiClient(null).request('POST', '/reconciliation/imports', teamCsv, {
      cookie: signedIn.cookie,
      'x-csrf-token': signedIn.csrf,
      'content-type': 'text/csv',
    });
    expect(ownerImport.status).toBe(201);
    expect(ownerImport.body).toMatchObject({ created_by: owner.email, summary: { breaks: 1, missing_in_report: { count: 1 } } });
    const teamBreak = (await viewer.get(`/reconciliation/runs/${ownerImport.body.id}?result=breaks`)).body.items.data[0];
    expect((await viewer.post(`/reconciliation/items/${teamBreak.id}/resolve`, { note: 'viewer' })).status).toBe(403);
    const resolved = await signedIn.post(`/reconciliation/items/${teamBreak.id}/resolve`, { note: 'Settled in the next report.' });
    expect(resolved.body).toMatchObject({ resolved_by: owner.email, resolution_note: 'Settled in the next report.' });
  });
});
