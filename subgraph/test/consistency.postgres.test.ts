// Issue 19's reorg and restart consistency on PostgreSQL, when JIAOZI_TEST_DATABASE_URL is set (the
// suite is in consistency.ts). It shares the database's sync schema: scripts/test-runtime.ts runs it
// with the other PostgreSQL suites, one after the other.
import { describeConsistency } from "./consistency.ts";

describeConsistency({ name: "PostgreSQL", url: process.env.JIAOZI_TEST_DATABASE_URL });
