// GenesisEscrow: module shares registered at genesis and their one-time release.
import { ponder } from "ponder:registry";
import { genesisShare } from "ponder:schema";

ponder.on("GenesisEscrow:ShareRegistered", async ({ event, context }) => {
  await context.db.insert(genesisShare).values({ share: event.args.share, amount: event.args.amount });
});

ponder.on("GenesisEscrow:ShareReleased", async ({ event, context }) => {
  await context.db
    .update(genesisShare, { share: event.args.share })
    .set({ paidTo: event.args.module, releasedAt: event.block.timestamp });
});
