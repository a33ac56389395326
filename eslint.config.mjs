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

export default [
  { ignores: ['.next/**', 'node_modules/**', 'test-results/**', '.e2e-*/**', 'next-env.d.ts'] },
  { files: ['**/*.{ts,tsx,mts}'], languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } } },
  { files: ['lib/**/*.ts'], ignores: ['lib/http/**'], rules: { 'no-restricted-imports': ['error', domainImports] } },
  {
    files: ['db/**/*.ts'],
    ignores: ['db/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@/lib/*', '@/app/*', '@/components/*'], message: 'db/ is the bottom layer: it imports nothing above it.' }] }] },
  },
];
