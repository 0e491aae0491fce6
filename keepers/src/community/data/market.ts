// The data market's participant steps (DESIGN §13): the seller lists (encrypting the file with a
// fresh data key) and shares the key with a proxy; the buyer buys (price + upkeep fee approved
// together), confirms or disputes; the proxy registers and delivers; the buyer decrypts with its
// private key and checks the content hash. Amounts are wei; the commands print whole tokens.
import type { Address, Hex, WalletClient } from "viem";
import { call, contract } from "../../core/contracts.ts";
import { CommandError } from "../../core/errors.ts";
import type { JobContext } from "../../core/job.ts";
import { transact } from "../../core/send.ts";
import {
  contentHash,
  decryptData,
  decryptKey,
  decryptPurchase,
  encryptData,
  encryptKey,
  reencryptKey,
} from "./crypto.ts";
import { fetchListingData } from "./fetchData.ts";
import { deliveredKey, listingLocation, sharedKey } from "./views.ts";

async function approve(context: JobContext, wallet: WalletClient, amount: bigint) {
  if (amount === 0n) return;
  await transact(context, wallet, call(context, "BaseToken", "approve", [context.address("DataMarket"), amount]));
}

/** AliasRegistry.publicKeyOf(address) (the registry overloads it with publicKeyOf(string)). */
const PUBLIC_KEY_OF_ADDRESS = [
  {
    type: "function",
    name: "publicKeyOf",
    stateMutability: "view",
    inputs: [{ name: "account", type: "address" }],
    outputs: [{ name: "", type: "bytes" }],
  },
] as const;

async function publicKeyOf(context: JobContext, account: Address): Promise<Hex> {
  const key = await context.client.readContract({
    address: context.address("AliasRegistry"),
    abi: PUBLIC_KEY_OF_ADDRESS,
    functionName: "publicKeyOf",
    args: [account],
  });
  if (key === "0x") throw new CommandError(`${account} has no public key in the AliasRegistry (jiaozi alias register)`);
  return key;
}

/** Encrypts `data` for sale: the bytes to store (a lease or a URL), the data key and the content hash. */
export function prepareData(data: Uint8Array) {
  return encryptData(data);
}

export interface ListInput {
  title: string;
  tags: string;
  descriptionURI: string;
  price: bigint;
  contentHash: Hex;
  leaseId: bigint;
  url: string;
}

export async function listData(context: JobContext, wallet: WalletClient, input: ListInput) {
  const receipt = await transact(
    context,
    wallet,
    call(context, "DataMarket", "list", [
      input.title,
      input.tags,
      input.descriptionURI,
      input.price,
      input.contentHash,
      input.leaseId,
      input.url,
    ]),
  );
  const listingId = (await contract(context, "DataMarket").read.listingCount()) as bigint;
  return { listingId, ...input, transactionHash: receipt.transactionHash };
}

/** The seller hands `proxy` the data key, encrypted to the proxy's AliasRegistry public key. */
export async function shareDataKey(
  context: JobContext,
  wallet: WalletClient,
  listingId: bigint,
  proxy: Address,
  dataKey: Hex,
) {
  const encryptedKey = encryptKey(dataKey, await publicKeyOf(context, proxy));
  const receipt = await transact(
    context,
    wallet,
    call(context, "DataMarket", "shareKey", [listingId, proxy, encryptedKey]),
  );
  return { listingId, proxy, transactionHash: receipt.transactionHash };
}

export async function registerProxy(context: JobContext, wallet: WalletClient, collateral: bigint, feeBps: bigint) {
  await approve(context, wallet, collateral);
  const receipt = await transact(context, wallet, call(context, "DataMarket", "registerProxy", [collateral, feeBps]));
  return { proxy: wallet.account!.address, collateral, feeBps, transactionHash: receipt.transactionHash };
}

export async function buyData(context: JobContext, wallet: WalletClient, listingId: bigint, proxy: Address) {
  const market = contract(context, "DataMarket");
  const [listing, fee] = await Promise.all([market.read.listingOf([listingId]), market.read.upkeepFee()]);
  if (listing.seller === "0x0000000000000000000000000000000000000000")
    throw new CommandError(`listing ${listingId} does not exist`);
  await approve(context, wallet, listing.price + fee);
  const receipt = await transact(context, wallet, call(context, "DataMarket", "buy", [listingId, proxy]));
  const orderId = (await market.read.orderCount()) as bigint;
  return { orderId, listingId, proxy, price: listing.price, fee, transactionHash: receipt.transactionHash };
}

export async function confirmOrder(context: JobContext, wallet: WalletClient, orderId: bigint) {
  const receipt = await transact(context, wallet, call(context, "DataMarket", "confirm", [orderId]));
  return { orderId, confirmed: true, transactionHash: receipt.transactionHash };
}

export async function disputeOrder(context: JobContext, wallet: WalletClient, orderId: bigint, evidenceURI: string) {
  const bond = (await contract(context, "DataMarket").read.parameters()).disputeBond;
  await approve(context, wallet, bond);
  const receipt = await transact(context, wallet, call(context, "DataMarket", "dispute", [orderId, evidenceURI]));
  return { orderId, bond, transactionHash: receipt.transactionHash };
}

/** A Committee member's vote on a dispute (its seat in the dispute's term). */
export async function voteDispute(
  context: JobContext,
  wallet: WalletClient,
  orderId: bigint,
  seat: bigint,
  forBuyer: boolean,
) {
  const receipt = await transact(context, wallet, call(context, "DataMarket", "vote", [orderId, seat, forBuyer]));
  return { orderId, seat, forBuyer, transactionHash: receipt.transactionHash };
}

/**
 * The proxy's delivery of `orderId`: opens the key the seller shared with it, fetches the data,
 * checks it against the listing's content hash (its witness), re-encrypts the key to the
 * buyer's public key (the one in the order) and returns what `deliver` takes.
 */
export async function prepareDelivery(
  context: JobContext,
  proxyPrivateKey: Hex,
  order: { orderId: bigint; listingId: bigint; proxy: Address; buyerPublicKey: Hex },
): Promise<{ orderId: bigint; encryptedKey: Hex; witness: Hex }> {
  const [forProxy, location] = await Promise.all([
    sharedKey(context, order.listingId, order.proxy),
    listingLocation(context, order.listingId),
  ]);
  if (forProxy === undefined) throw new CommandError(`listing ${order.listingId} shared no key with ${order.proxy}`);
  if (location === undefined) throw new CommandError(`listing ${order.listingId} was never listed`);
  const dataKey = decryptKey(forProxy, proxyPrivateKey);
  const encrypted = await fetchListingData(context, location);
  // Throws ContentHashMismatchError when the stored data is not what the listing promised.
  decryptData(encrypted, dataKey, location.contentHash);
  return {
    orderId: order.orderId,
    encryptedKey: reencryptKey(forProxy, proxyPrivateKey, order.buyerPublicKey),
    witness: location.contentHash,
  };
}

/** The buyer's `data decrypt`: the delivered key opened with its private key, the data fetched
 * (or given) and checked against the listing's content hash. */
export async function decryptOrder(
  context: JobContext,
  buyerPrivateKey: Hex,
  orderId: bigint,
  encrypted?: Uint8Array,
): Promise<{ data: Uint8Array; contentHash: Hex; listingId: bigint }> {
  const order = await contract(context, "DataMarket").read.orderOf([orderId]);
  if (order.buyer === "0x0000000000000000000000000000000000000000")
    throw new CommandError(`order ${orderId} does not exist`);
  const key = await deliveredKey(context, orderId);
  if (key === undefined) throw new CommandError(`order ${orderId} was not delivered yet`);
  const location = await listingLocation(context, order.listingId);
  if (location === undefined) throw new CommandError(`listing ${order.listingId} was never listed`);
  const bytes = encrypted ?? (await fetchListingData(context, location));
  const data = decryptPurchase(bytes, key, buyerPrivateKey, location.contentHash);
  return { data, contentHash: contentHash(data), listingId: order.listingId };
}
