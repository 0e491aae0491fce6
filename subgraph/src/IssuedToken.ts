// IssuedToken (every clone the factory launched): consumption, and the price point it moves.
import { ponder } from "ponder:registry";
import { consumption, issuedToken, pricePoint } from "ponder:schema";
import { eventMeta } from "./event.ts";
import { bucketPricePoint } from "./buckets.ts";
import { spotPrice } from "./tokenization.ts";

ponder.on("IssuedToken:Consumed", async ({ event, context }) => {
  const token = event.log.address;
  // `cure`: the factory's burn of what an issuer bought back to cure a default (the event says so).
  const { from, operator, amount, ref, period, totalSupply, cure } = event.args;
  const row = await context.db.find(issuedToken, { token });
  await context.db.insert(consumption).values({
    id: event.id,
    token,
    from,
    operator,
    amount,
    ref,
    period,
    cure,
    ...eventMeta(event),
  });
  if (row === null) return;
  const price = spotPrice(row.reserve, totalSupply, row.weightReciprocal);
  await context.db
    .update(issuedToken, { token })
    .set({ supply: totalSupply, price, totalConsumed: row.totalConsumed + amount });
  await context.db.insert(pricePoint).values({
    id: event.id,
    token,
    reserve: row.reserve,
    supply: totalSupply,
    price,
    ...eventMeta(event),
  });
  await bucketPricePoint(context.db, { token, reserve: row.reserve, supply: totalSupply, price, ...eventMeta(event) });
});
