// Layering rules (ARCHITECTURE.md): app/ → lib/ → db/. Only lib/http knows HTTP and Next.js;
// db/ knows nothing above it. `npm run lint` checks them; `npm test` runs it.
import tseslint from 'typescript-eslint';

const domainImports = {
  patterns: [
    { group: ['@/lib/http', '@/lib/http/*', '../http/*', '../../http/*'], message: 'lib/ is the domain: only lib/http knows HTTP. Throw DomainError (lib/errors.ts).' },
    { group: ['next', 'next/*'], message: 'lib/ is framework-free: Next.js belongs in app/ or lib/http.' },
    { group: ['@/app/*', '@/components/*'], message: 'Dependencies point one way: app → lib → db.' },
  ],
};

// SQLite-only calls on a drizzle handle: on PostgreSQL they do not exist. Services await the
// query builders and use db/sql.ts for what differs (ARCHITECTURE.md, "Two databases").
const sqliteOnly = [
  { selector: "CallExpression[arguments.length=0] > MemberExpression.callee > Identifier.property[name=/^(get|all|run)$/]", message: 'SQLite-only: await the query builder instead (it works on both databases).' },
  { selector: "MemberExpression > Identifier.property[name='$client']", message: '$client is the driver of one database: use db/client.ts or db/sql.ts helpers.' },
  { selector: "CallExpression > MemberExpression.callee[object.name=/^(db|tx)$/] > Identifier.property[name='all']", message: 'db.all(sql) is SQLite-only: use queryRows (db/sql.ts).' },
];

export default [
  { ignores: ['.next/**', 'node_modules/**', 'test-results/**', '.e2e-*/**', 'next-env.d.ts'] },
  { files: ['**/*.{ts,tsx,mts}'], languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } } },
  { files: ['lib/**/*.ts'], ignores: ['lib/http/**'], rules: { 'no-restricted-imports': ['error', domainImports] } },
  { files: ['lib/**/*.ts', 'app/**/*.ts', 'scripts/**/*.ts'], ignores: ['**/*.test.ts', 'lib/security/rate-limits.ts'], rules: { 'no-restricted-syntax': ['error', ...sqliteOnly] } },
  {
    files: ['db/**/*.ts'],
    ignores: ['db/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@/lib/*', '@/app/*', '@/components/*'], message: 'db/ is the bottom layer: it imports nothing above it.' }] }] },
  },
];
