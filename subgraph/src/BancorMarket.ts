// BancorMarket (every market clone): trades, and the price and supply after each.
import { ponder, type Context, type Event } from "ponder:registry";
import { issuedToken, pricePoint, trade } from "ponder:schema";
import { eventMeta } from "./event.ts";
import { bucketPricePoint } from "./buckets.ts";
import { spotPrice } from "./tokenization.ts";

async function recordTrade(
  event: Event<"BancorMarket:Bought"> | Event<"BancorMarket:Sold">,
  db: Context["db"],
  side: "buy" | "sell",
  amounts: { baseAmount: bigint; tokenAmount: bigint },
) {
  const [issued] = await db.sql.query.issuedToken.findMany({
    where: (row, { eq }) => eq(row.market, event.log.address),
    limit: 1,
  });
  if (issued === undefined) return;
  const { reserve, supply } = event.args;
  const price = spotPrice(reserve, supply, issued.weightReciprocal);
  const trader = "buyer" in event.args ? event.args.buyer : event.args.seller;
  await db.insert(trade).values({
    id: event.id,
    token: issued.token,
    side,
    trader,
    recipient: event.args.recipient,
    ...amounts,
    reserve,
    supply,
    price,
    ...eventMeta(event),
  });
  await db
    .insert(pricePoint)
    .values({ id: event.id, token: issued.token, reserve, supply, price, ...eventMeta(event) });
  await bucketPricePoint(db, { token: issued.token, reserve, supply, price, ...eventMeta(event) });
  await db.update(issuedToken, { token: issued.token }).set({ reserve, supply, price });
}

ponder.on("BancorMarket:Bought", async ({ event, context }) => {
  await recordTrade(event, context.db, "buy", { baseAmount: event.args.baseIn, tokenAmount: event.args.amountOut });
});

ponder.on("BancorMarket:Sold", async ({ event, context }) => {
  await recordTrade(event, context.db, "sell", { baseAmount: event.args.baseOut, tokenAmount: event.args.amountIn });
});
