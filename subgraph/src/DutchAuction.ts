// CollectionFactory, Collection and DutchAuction: collections, their items and holders, auctions and
// their sales or returns.
import { ponder } from "ponder:registry";
import { auction, collection, collectionItem } from "ponder:schema";
import { zeroAddress } from "viem";

ponder.on("CollectionFactory:CollectionCreated", async ({ event, context }) => {
  const { collection: address, owner, name, symbol, baseURI, maxSupply } = event.args;
  await context.db.insert(collection).values({
    collection: address,
    owner,
    name,
    symbol,
    baseURI,
    maxSupply,
    createdAt: event.block.timestamp,
  });
});

// A collection burns nothing, so a transfer from the zero address is a mint and every other one
// moves an item that exists.
ponder.on("Collection:Transfer", async ({ event, context }) => {
  const { from, to, tokenId } = event.args;
  const address = event.log.address;
  const id = `${address}:${tokenId}`;
  const at = event.block.timestamp;
  if (from === zeroAddress) {
    await context.db
      .insert(collectionItem)
      .values({ id, collection: address, tokenId, owner: to, mintedAt: at, updatedAt: at });
    await context.db.update(collection, { collection: address }).set((row) => ({ minted: row.minted + 1n }));
    return;
  }
  await context.db
    .update(collectionItem, { id })
    .set((row) => ({ owner: to, transfers: row.transfers + 1, updatedAt: at }));
});

ponder.on("DutchAuction:AuctionCreated", async ({ event, context }) => {
  const { auctionId, seller, collection: address, tokenId, startPrice, floorPrice, startTime, endTime } = event.args;
  await context.db.insert(auction).values({
    auctionId,
    seller,
    collection: address,
    tokenId,
    startPrice,
    floorPrice,
    startTime,
    endTime,
    status: "open",
  });
});

ponder.on("DutchAuction:AuctionSold", async ({ event, context }) => {
  const { auctionId, buyer, price } = event.args;
  await context.db
    .update(auction, { auctionId })
    .set({ status: "sold", buyer, price, closedAt: event.block.timestamp });
});

ponder.on("DutchAuction:AuctionReturned", async ({ event, context }) => {
  await context.db
    .update(auction, { auctionId: event.args.auctionId })
    .set({ status: "returned", closedAt: event.block.timestamp });
});

// A charity sale: emitted right after AuctionCreated in the same call.
ponder.on("DutchAuction:CharityAuctionCreated", async ({ event, context }) => {
  await context.db.update(auction, { auctionId: event.args.auctionId }).set({ campaignId: event.args.campaignId });
});

ponder.on("DutchAuction:CharityProceedsToSeller", async ({ event, context }) => {
  await context.db.update(auction, { auctionId: event.args.auctionId }).set({ proceedsToSeller: true });
});
