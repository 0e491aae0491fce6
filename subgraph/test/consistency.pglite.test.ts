// Issue 19's reorg and restart consistency on the PGlite default (the suite is in consistency.ts).
import { describeConsistency } from "./consistency.ts";

describeConsistency({ name: "PGlite" });
