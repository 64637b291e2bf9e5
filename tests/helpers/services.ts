/**
 * The real PostgreSQL and Redis the scale-out tests run against. `npm test` (scripts/test.mjs)
 * makes sure both answer — the machine's own at 127.0.0.1:5432 and :6379, or ones it starts — and
 * passes their URLs in `DUET_TEST_DATABASE_URL` and `DUET_TEST_REDIS_URL`. Each test takes a
 * schema and a key prefix of its own, so tests never see each other's rows or keys.
 */
import pg from 'pg';

export const TEST_DATABASE_URL = process.env['DUET_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env['DUET_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

let counter = 0;
/** A name no other test (or test process) uses: for a schema, a key prefix, a channel. */
export const uniqueName = (prefix: string): string => `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`;

const schemas: string[] = [];

/** A fresh schema name for one test; `dropTestSchemas` removes every one this process made. */
export function testSchema(): string {
  const schema = uniqueName('t');
  schemas.push(schema);
  return schema;
}

export async function dropTestSchemas(): Promise<void> {
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    for (const schema of schemas.splice(0)) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
