// Reads shared by the data market's jobs, commands and proxy daemon: every order placed
// (OrderPlaced, from a log cursor shared by the process), the keys sellers shared with proxies
// (KeyShared), deliveries (Delivered) and which orders the market's upkeep can end now (dueOf).
import type { Address, Hex } from "viem";
import { DataMarketAbi } from "../../../../abis/index.ts";
import { contract } from "../../core/contracts.ts";
import type { JobContext } from "../../core/job.ts";
import { sharedCursor } from "../../core/logCursor.ts";
import { ENUMS, enumIndex } from "../../../../lib/vocabulary.ts";

/** IDataMarket.OrderState, by index. */
export const OrderState = enumIndex(ENUMS.IDataMarket.OrderState);

export interface OrderEntry {
  orderId: bigint;
  listingId: bigint;
  buyer: Address;
  seller: Address;
  proxy: Address;
  price: bigint;
  buyerPublicKey: Hex;
  deliverBy: bigint;
  blockNumber: bigint;
}

const startBlock = (context: JobContext) => BigInt(context.deployments.contracts.DataMarket?.startBlock ?? 0);

/** Every order placed so far, by id. */
export async function placedOrders(context: JobContext): Promise<OrderEntry[]> {
  const address = context.address("DataMarket");
  const cursor = sharedCursor<OrderEntry>(context.client, address, "OrderPlaced", () => ({
    startBlock: startBlock(context),
    fetch: async (fromBlock, toBlock) =>
      (
        await context.client.getContractEvents({
          address,
          abi: DataMarketAbi,
          eventName: "OrderPlaced",
          fromBlock,
          toBlock,
          strict: true,
        })
      ).map((log) => ({
        orderId: log.args.orderId,
        listingId: log.args.listingId,
        buyer: log.args.buyer,
        seller: log.args.seller,
        proxy: log.args.proxy,
        price: log.args.price,
        buyerPublicKey: log.args.buyerPublicKey,
        deliverBy: log.args.deliverBy,
        blockNumber: log.blockNumber,
      })),
    key: (entry) => entry.orderId.toString(),
    blockNumber: (entry) => entry.blockNumber,
  }));
  await cursor.update(context.client);
  return cursor.values().sort((a, b) => (a.orderId < b.orderId ? -1 : 1));
}

/** The latest key the seller of `listingId` shared with `proxy` (undefined: none). */
export async function sharedKey(context: JobContext, listingId: bigint, proxy: Address): Promise<Hex | undefined> {
  const logs = await context.client.getContractEvents({
    address: context.address("DataMarket"),
    abi: DataMarketAbi,
    eventName: "KeyShared",
    args: { listingId, proxy },
    fromBlock: startBlock(context),
    strict: true,
  });
  return logs.at(-1)?.args.encryptedKey;
}

/** The key the proxy delivered for `orderId` (undefined: not delivered). */
export async function deliveredKey(context: JobContext, orderId: bigint): Promise<Hex | undefined> {
  const logs = await context.client.getContractEvents({
    address: context.address("DataMarket"),
    abi: DataMarketAbi,
    eventName: "Delivered",
    args: { orderId },
    fromBlock: startBlock(context),
    strict: true,
  });
  return logs.at(-1)?.args.encryptedKey;
}

/** Where a listing's data is: its lease (0 for none) and URL, from its Listed event. */
export async function listingLocation(context: JobContext, listingId: bigint) {
  const logs = await context.client.getContractEvents({
    address: context.address("DataMarket"),
    abi: DataMarketAbi,
    eventName: "Listed",
    args: { listingId },
    fromBlock: startBlock(context),
    strict: true,
  });
  const listed = logs.at(-1);
  if (listed === undefined) return undefined;
  return {
    seller: listed.args.seller,
    leaseId: listed.args.leaseId,
    url: listed.args.url,
    contentHash: listed.args.contentHash,
    price: listed.args.price,
    title: listed.args.title,
  };
}

/** Orders a finished state (Completed, Refunded) ends: never read again. */
const finished = new Map<string, Set<bigint>>();

/** The orders `release` (releasable) and `refund` (refundable) would end now. */
export async function dueOrders(context: JobContext): Promise<{ releasable: bigint[]; refundable: bigint[] }> {
  const market = contract(context, "DataMarket");
  const key = `${context.deployments.chainId}:${market.address.toLowerCase()}`;
  let done = finished.get(key);
  if (done === undefined) finished.set(key, (done = new Set()));
  const open = (await placedOrders(context)).filter((order) => !done.has(order.orderId));
  const releasable: bigint[] = [];
  const refundable: bigint[] = [];
  await Promise.all(
    open.map(async ({ orderId }) => {
      const [[canRelease, canRefund], order] = await Promise.all([
        market.read.dueOf([orderId]),
        market.read.orderOf([orderId]),
      ]);
      if (order.state === OrderState.Completed || order.state === OrderState.Refunded) done.add(orderId);
      else if (canRelease) releasable.push(orderId);
      else if (canRefund) refundable.push(orderId);
    }),
  );
  const byId = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);
  return { releasable: releasable.sort(byId), refundable: refundable.sort(byId) };
}
