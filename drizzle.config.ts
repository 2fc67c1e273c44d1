import { defineConfig } from 'drizzle-kit';

// Generates SQL migrations from src/store/schema.ts: `npx drizzle-kit generate`.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/schema.ts',
  out: './migrations',
});
