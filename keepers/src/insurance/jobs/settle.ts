// Job insurance-settle: once a subject's oracle value is final (or its round void), settle its
// policies in batches (InsuranceMarket.settle): triggered ones are paid directly to their holders,
// untriggered ones expire and release their capital, a void subject's are refunded. No claim is
// ever filed. Subjects fully settled are never read again.
import type { Hex } from "viem";
import type { Job } from "../../core/job.ts";
import { call, contract, type AbiOf } from "../../core/contracts.ts";
import { chainTime } from "../../core/chainTime.ts";
import { decodeSubject, earningEndOf } from "../../../../lib/subjects.ts";
import { Finished, insuredSubjects, RoundState } from "../views.ts";

/** Policies per settle call: bounded gas per transaction (≥ 100 paid policies fit in one). */
export const SETTLE_POLICIES = 100;

export interface SettleItem {
  productId: bigint;
  subject: Hex;
  remaining: bigint;
}

const settled = new Finished();

export const insuranceSettle: Job<SettleItem, AbiOf<"InsuranceMarket">> = {
  name: "insurance-settle",
  description:
    "Pay, expire or refund the policies of subjects whose oracle value is final or void (InsuranceMarket.settle)",
  contracts: ["InsuranceMarket", "IndexOracle"],
  defaultIntervalMs: 5_000,
  settledErrors: ["NotDue"],

  async due(context) {
    const market = contract(context, "InsuranceMarket");
    const oracle = contract(context, "IndexOracle");
    const [insured, now] = await Promise.all([insuredSubjects(context), chainTime(context.client)]);
    const subjects = insured.filter((s) => !settled.has(context, market.address, `${s.productId}-${s.subject}`));
    const feeds = new Map<bigint, Hex>();
    const due: SettleItem[] = [];
    await Promise.all(
      subjects.map(async ({ productId, subject }) => {
        let feedId = feeds.get(productId);
        if (feedId === undefined) feeds.set(productId, (feedId = (await market.read.productOf([productId])).feedId));
        const [book, [state]] = await Promise.all([
          market.read.subjectOf([productId, subject]),
          oracle.read.valueOf([feedId, subject]),
        ]);
        if (book.settled >= book.policies) {
          if (state === RoundState.Final || state === RoundState.Void)
            settled.add(context, market.address, `${productId}-${subject}`);
          return;
        }
        // A void subject is refunded once its premium is fully earned (the market's NotDue before).
        const refundable = state === RoundState.Void && now >= earningEndOf(decodeSubject(subject).observesAt);
        if (state === RoundState.Final || refundable)
          due.push({ productId, subject, remaining: book.policies - book.settled });
      }),
    );
    // One batch per subject per poll; the next poll takes the next batch.
    return due;
  },

  call: (context, item) =>
    call(context, "InsuranceMarket", "settle", [item.productId, item.subject, BigInt(SETTLE_POLICIES)]),
  label: (item) => `product ${item.productId} subject ${item.subject} (${item.remaining} left)`,
};
