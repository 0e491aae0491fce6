// AliasRegistry: each name's current owner, key and pending offer (`alias`), and the history of its
// owners (`alias_owner_change`): registered (plain or by commit-reveal, with the fee), transferred
// (an accepted offer), released, and displaced (a plain registration taken over by an earlier
// commitment's reveal).
import { ponder } from "ponder:registry";
import { alias, aliasOwnerChange } from "ponder:schema";
import { eventMeta } from "./event.ts";
import { record } from "./parameters.ts";

ponder.on("AliasRegistry:AliasRegistered", async ({ event, context }) => {
  const { name, owner, publicKey, fee, committed } = event.args;
  const row = {
    owner,
    publicKey,
    pendingOwner: null,
    fee,
    committed,
    registeredAt: event.block.timestamp,
    updatedAt: event.block.timestamp,
  };
  await context.db
    .insert(alias)
    .values({ name, ...row })
    .onConflictDoUpdate(() => row);
  await context.db
    .insert(aliasOwnerChange)
    .values({ id: event.id, alias: name, kind: "registered", from: null, to: owner, fee, ...eventMeta(event) });
});

ponder.on("AliasRegistry:AliasTransferOffered", async ({ event, context }) => {
  await context.db
    .update(alias, { name: event.args.name })
    .set({ pendingOwner: event.args.to, updatedAt: event.block.timestamp });
});

ponder.on("AliasRegistry:AliasTransferCancelled", async ({ event, context }) => {
  await context.db
    .update(alias, { name: event.args.name })
    .set({ pendingOwner: null, updatedAt: event.block.timestamp });
});

ponder.on("AliasRegistry:AliasTransferred", async ({ event, context }) => {
  const { name, from, to } = event.args;
  await context.db
    .update(alias, { name })
    .set({ owner: to, pendingOwner: null, publicKey: null, updatedAt: event.block.timestamp });
  await context.db
    .insert(aliasOwnerChange)
    .values({ id: event.id, alias: name, kind: "transferred", from, to, fee: null, ...eventMeta(event) });
});

ponder.on("AliasRegistry:AliasReleased", async ({ event, context }) => {
  const { name, owner } = event.args;
  await context.db
    .update(alias, { name })
    .set({ owner: null, pendingOwner: null, publicKey: null, updatedAt: event.block.timestamp });
  await context.db
    .insert(aliasOwnerChange)
    .values({ id: event.id, alias: name, kind: "released", from: owner, to: null, fee: null, ...eventMeta(event) });
});

ponder.on("AliasRegistry:AliasDisplaced", async ({ event, context }) => {
  // `refund`: the displaced holder's fee, paid back by the revealer (kept as this change's fee).
  const { name, displaced, by, refund } = event.args;
  await context.db
    .update(alias, { name })
    .set({ owner: null, pendingOwner: null, publicKey: null, updatedAt: event.block.timestamp });
  await context.db.insert(aliasOwnerChange).values({
    id: event.id,
    alias: name,
    kind: "displaced",
    from: displaced,
    to: by,
    fee: refund,
    ...eventMeta(event),
  });
});

ponder.on("AliasRegistry:PublicKeySet", async ({ event, context }) => {
  await context.db
    .update(alias, { name: event.args.name })
    .set({ publicKey: event.args.publicKey, updatedAt: event.block.timestamp });
});

ponder.on("AliasRegistry:ParametersChanged", ({ event, context }) => record("AliasRegistry", event, context.db));
