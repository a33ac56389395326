import { CsvError, parse } from 'csv-parse/sync';
import { DomainError } from '@/lib/errors';
import { checkAmount, currencies, isCurrencyCode, isPlainDecimal, type CurrencyCode } from '@/lib/money/money';
import { reportColumns, utcDayStart } from '../processor-report';

export type LineType = 'charge' | 'refund';

/** One parsed, valid line of a processor report; amounts in minor units. */
export type ReportLine = {
  lineNumber: number;
  date: string;
  dayStart: number;
  reference: string;
  type: LineType;
  amount: number;
  fee: number;
  currency: CurrencyCode;
};

const MAX_REPORT_LINES = 100_000;
// Every bad line is listed up to this many; beyond it the message only counts them, so a file
// that is wrong on every line does not become a multi-megabyte error.
const MAX_LISTED_PROBLEMS = 1_000;

const invalidReport = (message: string) => new DomainError('report_invalid', message);
const shown = (value: string) => (value.length > 40 ? `${value.slice(0, 40)}…` : value);

/** A decimal amount of the line's currency in minor units, or null with the reason added. */
function readAmount(name: string, value: string, currency: CurrencyCode | null, reasons: string[], zeroAllowed: boolean): number | null {
  if (value === '') {
    reasons.push(`${name} is empty`);
    return null;
  }
  if (currency === null) {
    if (!isPlainDecimal(value)) reasons.push(`${name} '${shown(value)}' is not a decimal`);
    return null;
  }
  const checked = checkAmount(value, currency, name);
  if (checked.ok) return checked.minor;
  switch (checked.problem) {
    case 'zero':
      if (zeroAllowed) return 0;
      reasons.push(`${name} '${value}' must be greater than zero`);
      break;
    case 'too_many_decimals':
      reasons.push(`${name} '${value}' has ${value.split('.')[1].length} decimals; ${currency} allows ${currencies[currency]}`);
      break;
    case 'over_maximum':
      reasons.push(`${name} '${shown(value)}' is above the maximum`);
      break;
    default:
      reasons.push(`${name} '${shown(value)}' is not a decimal`);
  }
  return null;
}

/**
 * Parses a processor settlement report (CSV with a header naming at least `date,
 * processor_reference, type, amount, fee, currency`, in any order, extra columns ignored).
 * Every row is checked; if any is malformed, one `report_invalid` lists each bad line with its
 * number (the file's physical line, header = line 1) and reason.
 */
export function parseProcessorReport(csv: string): ReportLine[] {
  if (csv.trim() === '') throw invalidReport(`The report is empty: expected the header "${reportColumns.join(',')}" and one row per transaction.`);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(csv, { bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) throw invalidReport(`The report is not valid CSV (line ${String(error.lines)}): ${error.message}; nothing was imported.`);
    throw error;
  }
  const [header, ...rows] = records;
  const names = header.record.map((name) => name.toLowerCase());
  const missing = reportColumns.filter((column) => !names.includes(column));
  if (missing.length > 0) {
    throw invalidReport(`The report's header (line ${header.info.lines}) lacks ${missing.join(', ')}: expected the columns ${reportColumns.join(',')}.`);
  }
  const repeated = names.filter((name, i) => names.indexOf(name) !== i);
  if (repeated.length > 0) throw invalidReport(`The report's header (line ${header.info.lines}) repeats ${[...new Set(repeated)].join(', ')}.`);
  if (rows.length === 0) throw invalidReport('The report has a header but no rows: there is nothing to reconcile.');
  if (rows.length > MAX_REPORT_LINES) throw invalidReport(`The report has ${rows.length} rows; import at most ${MAX_REPORT_LINES} per file.`);

  const column = Object.fromEntries(reportColumns.map((name) => [name, names.indexOf(name)])) as Record<(typeof reportColumns)[number], number>;
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const lines: ReportLine[] = [];
  for (const { record, info } of rows) {
    const lineNumber = info.lines;
    if (record.length !== names.length) {
      problems.push(`line ${lineNumber}: expected ${names.length} fields, got ${record.length}`);
      continue;
    }
    const field = (name: (typeof reportColumns)[number]) => record[column[name]];
    const reasons: string[] = [];
    const date = field('date');
    const dayStart = utcDayStart(date);
    if (dayStart === null) reasons.push(`date '${shown(date)}' is not a YYYY-MM-DD day`);
    const reference = field('processor_reference');
    if (reference === '') reasons.push('processor_reference is empty');
    else if (reference.length > 255) reasons.push('processor_reference is longer than 255 characters');
    const type = field('type');
    if (type !== 'charge' && type !== 'refund') reasons.push(`type '${shown(type)}' is not charge or refund`);
    const currency = field('currency').toUpperCase();
    const known = isCurrencyCode(currency);
    if (!known) reasons.push(`currency '${shown(field('currency'))}' is not a supported ISO 4217 code`);
    const amount = readAmount('amount', field('amount'), known ? currency : null, reasons, false);
    const fee = readAmount('fee', field('fee'), known ? currency : null, reasons, true);
    if (reasons.length > 0) {
      problems.push(`line ${lineNumber}: ${reasons.join('; ')}`);
      continue;
    }
    // A processor reference names one transaction: the same one twice is a broken file, not a break.
    const key = `${type} ${reference}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push(`line ${lineNumber}: ${type} ${shown(reference)} repeats line ${first}`);
      continue;
    }
    seen.set(key, lineNumber);
    lines.push({ lineNumber, date, dayStart: dayStart!, reference, type: type as LineType, amount: amount!, fee: fee!, currency: currency as CurrencyCode });
  }
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
    const more = problems.length - listed.length;
    throw invalidReport(
      [`The report has ${problems.length} malformed line${problems.length === 1 ? '' : 's'}; nothing was imported.`, ...listed, ...(more > 0 ? [`… and ${more} more`] : [])].join('\n'),
    );
  }
  return lines;
}
