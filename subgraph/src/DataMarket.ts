// DataMarket (issue 18): listings with the proxies their keys were shared with (`data_listing`),
// proxies' collateral and slashes (`data_proxy`), orders from payment to delivery and payout or
// refund (`data_order`), disputes with their votes and verdicts (`data_dispute`, `data_dispute_vote`).
import { ponder } from "ponder:registry";
import { dataDispute, dataDisputeVote, dataListing, dataOrder, dataProxy } from "ponder:schema";
import { eventMeta } from "./event.ts";
import { record } from "./parameters.ts";

ponder.on("DataMarket:ParametersChanged", ({ event, context }) => record("DataMarket", event, context.db));

ponder.on("DataMarket:Listed", async ({ event, context }) => {
  const { listingId, seller, title, tags, descriptionURI, price, contentHash, leaseId, url } = event.args;
  await context.db.insert(dataListing).values({
    listingId,
    seller,
    title,
    tags,
    descriptionURI,
    price,
    contentHash,
    leaseId: leaseId === 0n ? null : leaseId,
    url: url === "" ? null : url,
    active: true,
    proxies: [],
    ...eventMeta(event),
  });
});

ponder.on("DataMarket:Delisted", async ({ event, context }) => {
  await context.db.update(dataListing, { listingId: event.args.listingId }).set({ active: false });
});

ponder.on("DataMarket:KeyShared", async ({ event, context }) => {
  const { listingId, proxy } = event.args;
  await context.db
    .update(dataListing, { listingId })
    .set((row) => ({ proxies: row.proxies.includes(proxy) ? row.proxies : [...row.proxies, proxy] }));
});

ponder.on("DataMarket:KeyUnshared", async ({ event, context }) => {
  const { listingId, proxy } = event.args;
  await context.db
    .update(dataListing, { listingId })
    .set((row) => ({ proxies: row.proxies.filter((shared) => shared !== proxy) }));
});

ponder.on("DataMarket:ProxyRegistered", async ({ event, context }) => {
  const { proxy, collateral, feeBps } = event.args;
  await context.db.insert(dataProxy).values({
    address: proxy,
    collateral,
    pending: 0n,
    feeBps: Number(feeBps),
    updatedAt: event.block.timestamp,
  });
});

ponder.on("DataMarket:ProxyFeeChanged", async ({ event, context }) => {
  await context.db
    .update(dataProxy, { address: event.args.proxy })
    .set({ feeBps: Number(event.args.feeBps), updatedAt: event.block.timestamp });
});

ponder.on("DataMarket:CollateralAdded", async ({ event, context }) => {
  await context.db
    .update(dataProxy, { address: event.args.proxy })
    .set({ collateral: event.args.collateral, updatedAt: event.block.timestamp });
});

ponder.on("DataMarket:WithdrawRequested", async ({ event, context }) => {
  const { proxy, collateral, pending, payableAt } = event.args;
  await context.db
    .update(dataProxy, { address: proxy })
    .set({ collateral, pending, payableAt, updatedAt: event.block.timestamp });
});

ponder.on("DataMarket:WithdrawCompleted", async ({ event, context }) => {
  await context.db
    .update(dataProxy, { address: event.args.proxy })
    .set({ pending: 0n, payableAt: null, updatedAt: event.block.timestamp });
});

ponder.on("DataMarket:ProxySlashed", async ({ event, context }) => {
  const { proxy, amount, collateral, pending } = event.args;
  await context.db
    .update(dataProxy, { address: proxy })
    .set((row) => ({ collateral, pending, slashed: row.slashed + amount, updatedAt: event.block.timestamp }));
});

ponder.on("DataMarket:OrderPlaced", async ({ event, context }) => {
  const { orderId, listingId, buyer, seller, proxy, price, feeBps, upkeepFee, buyerPublicKey, deliverBy } = event.args;
  await context.db.insert(dataOrder).values({
    orderId,
    listingId,
    buyer,
    seller,
    proxy,
    price,
    feeBps: Number(feeBps),
    upkeepFee,
    buyerPublicKey,
    state: "paid",
    deliverBy,
    ...eventMeta(event),
  });
  await context.db.update(dataListing, { listingId }).set((row) => ({ orders: row.orders + 1 }));
});

ponder.on("DataMarket:Delivered", async ({ event, context }) => {
  const { orderId, proxy, encryptedKey, witness, confirmBy } = event.args;
  await context.db
    .update(dataOrder, { orderId })
    .set({ state: "delivered", deliveredAt: event.block.timestamp, encryptedKey, witness, confirmBy });
  await context.db.update(dataProxy, { address: proxy }).set((row) => ({ deliveries: row.deliveries + 1 }));
});

ponder.on("DataMarket:OrderCompleted", async ({ event, context }) => {
  const { orderId, sellerAmount, proxyFee, by } = event.args;
  await context.db
    .update(dataOrder, { orderId })
    .set({ state: "completed", sellerAmount, proxyFee, endedBy: by, endedAt: event.block.timestamp });
});

ponder.on("DataMarket:OrderRefunded", async ({ event, context }) => {
  const { orderId, amount, by } = event.args;
  await context.db
    .update(dataOrder, { orderId })
    .set({ state: "refunded", refunded: amount, endedBy: by, endedAt: event.block.timestamp });
});

ponder.on("DataMarket:DisputeOpened", async ({ event, context }) => {
  const { orderId, buyer, term, eligibleSeats, needed, bond, decideBy, evidenceURI } = event.args;
  await context.db.insert(dataDispute).values({
    orderId,
    buyer,
    term,
    eligibleSeats: Number(eligibleSeats),
    needed: Number(needed),
    bond,
    decideBy,
    evidenceURI,
    verdict: "open",
    ...eventMeta(event),
  });
  await context.db.update(dataOrder, { orderId }).set({ state: "disputed" });
});

ponder.on("DataMarket:Testified", async ({ event, context }) => {
  await context.db.update(dataDispute, { orderId: event.args.orderId }).set({ testimonyURI: event.args.testimonyURI });
});

ponder.on("DataMarket:DisputeVoted", async ({ event, context }) => {
  const { orderId, seat, member, forBuyer, votes } = event.args;
  await context.db.insert(dataDisputeVote).values({
    id: `${orderId}-${seat}`,
    orderId,
    seat: Number(seat),
    member,
    forBuyer,
    ...eventMeta(event),
  });
  await context.db
    .update(dataDispute, { orderId })
    .set(forBuyer ? { votesForBuyer: Number(votes) } : { votesForSeller: Number(votes) });
});

ponder.on("DataMarket:DisputeResolved", async ({ event, context }) => {
  const { orderId, forBuyer, decided, slashed, bondTo } = event.args;
  await context.db.update(dataDispute, { orderId }).set({
    verdict: decided ? (forBuyer ? "buyer" : "seller") : "default",
    slashed,
    bondTo,
    resolvedAt: event.block.timestamp,
  });
});
