// ParametersChanged of every governed module: one row per rule set, at genesis and after each
// executed change.
import { ponder, type Context } from "ponder:registry";
import { parameterChange } from "ponder:schema";
import { eventMeta } from "./event.ts";

interface ParametersEvent {
  id: string;
  args: { parameters: unknown };
  log: { address: `0x${string}`; logIndex: number };
  block: { number: bigint; timestamp: bigint };
  transaction: { hash: `0x${string}` };
}

/** Records a module's rule set (exported for modules whose handler of the event does more). */
export async function record(module: string, event: ParametersEvent, db: Context["db"]) {
  await db.insert(parameterChange).values({
    id: event.id,
    module,
    address: event.log.address,
    parameters: JSON.stringify(event.args.parameters, (_, value) =>
      typeof value === "bigint" ? value.toString() : value,
    ),
    ...eventMeta(event),
  });
}

ponder.on("Council:ParametersChanged", ({ event, context }) => record("Council", event, context.db));
ponder.on("Referendum:ParametersChanged", ({ event, context }) => record("Referendum", event, context.db));
ponder.on("CouncilReserve:ParametersChanged", ({ event, context }) => record("CouncilReserve", event, context.db));
ponder.on("TokenizationFactory:ParametersChanged", ({ event, context }) =>
  record("TokenizationFactory", event, context.db),
);
ponder.on("RewardsReserve:ParametersChanged", ({ event, context }) => record("RewardsReserve", event, context.db));
