// CollectionFactory and DutchAuction: collections, auctions and their sales or returns.
import { ponder } from "ponder:registry";
import { auction, collection } from "ponder:schema";

ponder.on("CollectionFactory:CollectionCreated", async ({ event, context }) => {
  const { collection: address, owner, name, symbol, baseURI, maxSupply } = event.args;
  await context.db
    .insert(collection)
    .values({ collection: address, owner, name, symbol, baseURI, maxSupply, createdAt: event.block.timestamp });
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
