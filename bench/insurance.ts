// Insurance gas rows (issue 16): the InsuranceMarket's deposit and withdraw next to OpenZeppelin's
// ERC4626 deposit and redeem (virtual offset 6) on the same base token in the same run, buyPolicy
// (a subject's first policy, which asks the oracle for its round, and a later one), and settle per
// paid and per expired policy at a batch of 100 and more. Against a mock IndexOracle: what the market
// costs, not the oracle. bench/gas.ts adds these rows to its table; `npx hardhat run
// bench/insurance-only.ts` prints them alone.
import type { ContractTransactionResponse } from "ethers";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import { DAY, FEED, FINAL, deployInsurance, flightTerms, subjectOf, tokens } from "../test/helpers/insuranceFixture.ts";

export interface InsuranceRow {
  operation: string;
  jiaozi: bigint;
  openZeppelin?: bigint;
  reference?: string;
}

export async function insuranceRows(ethers: HardhatEthers, helpers: NetworkHelpers) {
  const rows: InsuranceRow[] = [];
  const gasOf = async (tx: Promise<ContractTransactionResponse>) => (await (await tx).wait())!.gasUsed;
  const { time } = helpers;
  const { market, oracle, token, underwriter, buyer, keeper, signers } = await deployInsurance(ethers);
  const now = BigInt(await time.latest());
  await market.createProduct(flightTerms(now, { maxExposurePerSubject: tokens(1_000_000) }));
  const vault = await ethers.deployContract("OZERC4626Vault", [await token.getAddress()]);
  await token.connect(underwriter).approve(await vault.getAddress(), ethers.MaxUint256);

  // First deposits open the pool's and the underwriter's slots; the rows are later deposits.
  await market.connect(underwriter).deposit(1n, tokens(100_000), 0n);
  await vault.connect(underwriter).deposit(tokens(100_000), underwriter.address);
  rows.push({
    operation: "InsuranceMarket deposit (a later one)",
    jiaozi: await gasOf(market.connect(underwriter).deposit(1n, tokens(1_000), 0n)),
    openZeppelin: await gasOf(vault.connect(underwriter).deposit(tokens(1_000), underwriter.address)),
    reference: "ERC4626 deposit",
  });

  // Policies on one subject: the first asks the oracle for its round.
  const holders = signers.slice(6, 16);
  for (const holder of holders) {
    await token.transfer(holder.address, tokens(1_000));
    await token.connect(holder).approve(await market.getAddress(), ethers.MaxUint256);
  }
  const subject = subjectOf(BigInt(await time.latest()) + 2n * DAY, "UA1545:20130101");
  const other = subjectOf(BigInt(await time.latest()) + 2n * DAY, "UA1546:20130101");
  rows.push({
    operation: "InsuranceMarket buyPolicy (a subject's first policy: book, oracle request)",
    jiaozi: await gasOf(market.connect(buyer).buyPolicy(1n, subject, tokens(100), tokens(10))),
  });
  rows.push({
    operation: "InsuranceMarket buyPolicy (a later policy on the subject)",
    jiaozi: await gasOf(market.connect(holders[0]).buyPolicy(1n, subject, tokens(100), tokens(10))),
  });
  rows.push({
    operation: "InsuranceMarket buyPolicy (another subject's first policy, same hour: book, oracle request)",
    jiaozi: await gasOf(market.connect(buyer).buyPolicy(1n, other, tokens(1), tokens(1))),
  });

  // 150 paid policies on `subject`, 150 expired ones on `other`, from ten holders.
  for (let i = 0; i < 149; ++i) await market.connect(holders[i % 10]).buyPolicy(1n, subject, tokens(1), tokens(1));
  for (let i = 0; i < 149; ++i) await market.connect(holders[i % 10]).buyPolicy(1n, other, tokens(1), tokens(1));

  rows.push({
    operation: "InsuranceMarket withdraw (free capital, policies earning)",
    jiaozi: await gasOf(
      market.connect(underwriter).withdraw(1n, (await market.sharesOf(1n, underwriter.address)) / 100n, 0n),
    ),
    openZeppelin: await gasOf(
      vault
        .connect(underwriter)
        .redeem((await vault.balanceOf(underwriter.address)) / 100n, underwriter.address, underwriter.address),
    ),
    reference: "ERC4626 redeem",
  });

  await time.increase(2n * DAY + 60n);
  await oracle.setValue(FEED, subject, FINAL, 50n);
  await oracle.setValue(FEED, other, FINAL, 0n);
  const paid100 = await gasOf(market.connect(keeper).settle(1n, subject, 100n));
  const paid50 = await gasOf(market.connect(keeper).settle(1n, subject, 50n));
  rows.push({ operation: "InsuranceMarket settle, 100 paid policies (one transaction)", jiaozi: paid100 });
  rows.push({
    operation: "InsuranceMarket settle, per paid policy (100 − 50 batch, marginal)",
    jiaozi: (paid100 - paid50) / 50n,
  });
  const expired100 = await gasOf(market.connect(keeper).settle(1n, other, 100n));
  const expired50 = await gasOf(market.connect(keeper).settle(1n, other, 50n));
  rows.push({ operation: "InsuranceMarket settle, 100 expired policies (one transaction)", jiaozi: expired100 });
  rows.push({
    operation: "InsuranceMarket settle, per expired policy (100 − 50 batch, marginal)",
    jiaozi: (expired100 - expired50) / 50n,
  });
  rows.push({
    operation: "InsuranceMarket settle, per paid policy (100-policy batch, all in)",
    jiaozi: paid100 / 100n,
  });
  rows.push({
    operation: "InsuranceMarket settle, per expired policy (100-policy batch, all in)",
    jiaozi: expired100 / 100n,
  });
  return rows;
}
