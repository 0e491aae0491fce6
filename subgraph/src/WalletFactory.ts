// WalletFactory: every wallet it created, with its owner, guardians, threshold and delay.
import { ponder } from "ponder:registry";
import { wallet, walletOwnerChange } from "ponder:schema";
import { zeroAddress } from "viem";
import { eventMeta } from "./event.ts";

ponder.on("WalletFactory:WalletCreated", async ({ event, context }) => {
  const { wallet: address, owner, guardians, threshold, delay } = event.args;
  await context.db.insert(wallet).values({
    wallet: address,
    owner,
    guardians: [...guardians],
    threshold: Number(threshold),
    delay,
    createdAt: event.block.timestamp,
    updatedAt: event.block.timestamp,
  });
  await context.db.insert(walletOwnerChange).values({
    id: event.id,
    wallet: address,
    oldOwner: zeroAddress,
    newOwner: owner,
    how: "created",
    ...eventMeta(event),
  });
});
