// Ad hoc, for the bench tools: loaded into the server with `node --import` to count the SQL it
// runs. better-sqlite3: every statement execution (run/get/all/iterate) and every exec()
// (BEGIN/SAVEPOINT/COMMIT) and pragma(); node-postgres: every Client#query. On SIGUSR2 the counts so far
// go to the JSON file named by TILLPOINT_STATEMENT_COUNTS (scripts/bench/profile-payments.ts).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(`${process.cwd()}/package.json`);
const counts = { statements: 0, exec: 0, pragma: 0, postgres: 0, signals: 0 };
// By SQL text, with exec() and pragma() texts: which statements a payment runs.
const bySource = new Map();

const Database = require('better-sqlite3');
const prepare = Database.prototype.prepare;
let patched = false;
Database.prototype.prepare = function (...args) {
  const statement = prepare.apply(this, args);
  if (!patched) {
    patched = true;
    const proto = Object.getPrototypeOf(statement);
    for (const method of ['run', 'get', 'all', 'iterate']) {
      const original = proto[method];
      proto[method] = function (...params) {
        counts.statements++;
        bySource.set(this.source, (bySource.get(this.source) ?? 0) + 1);
        return original.apply(this, params);
      };
    }
  }
  return statement;
};
for (const method of ['exec', 'pragma']) {
  const original = Database.prototype[method];
  Database.prototype[method] = function (...args) {
    counts[method]++;
    bySource.set(`${method}: ${args[0]}`, (bySource.get(`${method}: ${args[0]}`) ?? 0) + 1);
    return original.apply(this, args);
  };
}

try {
  const pg = require('pg');
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (...args) {
    counts.postgres++;
    const text = typeof args[0] === 'string' ? args[0] : args[0]?.text;
    bySource.set(`pg: ${text}`, (bySource.get(`pg: ${text}`) ?? 0) + 1);
    return query.apply(this, args);
  };
} catch {
  // pg not installed: SQLite only
}

process.on('SIGUSR2', () => {
  counts.signals++;
  if (process.env.TILLPOINT_STATEMENT_COUNTS) writeFileSync(process.env.TILLPOINT_STATEMENT_COUNTS, JSON.stringify({ ...counts, bySource: Object.fromEntries(bySource) }));
});
