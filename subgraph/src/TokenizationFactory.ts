// TokenizationFactory: launches, commitments, evaluations, defaults and cures.
import { ponder } from "ponder:registry";
import { commitmentChange, issuedToken, tokenPeriod } from "ponder:schema";
import { eventMeta } from "./event.ts";
import { spotPrice } from "./tokenization.ts";

ponder.on("TokenizationFactory:TokenLaunched", async ({ event, context }) => {
  const {
    token,
    market,
    issuer,
    name,
    symbol,
    metadataURI,
    initialSupply,
    seedReserve,
    weightReciprocal,
    launchedAt,
    prepaidBounty,
  } = event.args;
  await context.db.insert(issuedToken).values({
    token,
    market,
    issuer,
    name,
    symbol,
    metadataURI,
    initialSupply,
    seedReserve,
    weightReciprocal: Number(weightReciprocal),
    launchedAt,
    supply: initialSupply,
    reserve: seedReserve,
    price: spotPrice(seedReserve, initialSupply, Number(weightReciprocal)),
    prepaidBounty,
  });
});

ponder.on("TokenizationFactory:CommitmentSet", async ({ event, context }) => {
  const { token, periodLength, relative, minimum, fromPeriod } = event.args;
  await context.db.update(issuedToken, { token }).set({ periodLength, relative, minimum });
  await context.db.insert(commitmentChange).values({
    id: event.id,
    token,
    periodLength,
    relative,
    minimum,
    fromPeriod,
    ...eventMeta(event),
  });
});

ponder.on("TokenizationFactory:PeriodEvaluated", async ({ event, context }) => {
  const { token, period, required, consumed, compliant, averageSupply, prepaidBounty } = event.args;
  await context.db.insert(tokenPeriod).values({
    id: `${token}-${period}`,
    token,
    period,
    required,
    consumed,
    averageSupply,
    status: compliant ? "compliant" : "default",
    deficit: compliant ? 0n : required - consumed,
    prepaidBounty,
    evaluatedAt: event.block.timestamp,
  });
  await context.db.update(issuedToken, { token }).set((row) => ({
    periodsEvaluated: row.periodsEvaluated + 1,
    compliant: row.compliant + (compliant ? 1 : 0),
    defaulted: row.defaulted + (compliant ? 0 : 1),
    deficit: row.deficit + (compliant ? 0n : required - consumed),
    inDefault: row.deficit + (compliant ? 0n : required - consumed) > 0n,
    prepaidBounty,
  }));
});

ponder.on("TokenizationFactory:DefaultCured", async ({ event, context }) => {
  const { token, period, deficit, baseSpent } = event.args;
  await context.db
    .update(tokenPeriod, { id: `${token}-${period}` })
    .set({ status: "cured", cureCost: baseSpent, curedAt: event.block.timestamp });
  await context.db.update(issuedToken, { token }).set((row) => ({
    cured: row.cured + 1,
    deficit: row.deficit - deficit,
    inDefault: row.deficit - deficit > 0n,
  }));
});
