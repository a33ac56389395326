import { defineConfig } from 'drizzle-kit';

// The same schema (db/schema) built with pg-core: `npx drizzle-kit generate --config
// drizzle.pg.config.ts --name <name>` writes PostgreSQL's migrations beside SQLite's.
process.env.TILLPOINT_SCHEMA_DIALECT = 'postgresql';

export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations-pg',
});
