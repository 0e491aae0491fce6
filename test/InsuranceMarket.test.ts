// InsuranceMarket flows (issue 16 items 1, 2, 3, 5, 10): products validated at creation, the
// underwriter pool (shares with a virtual offset, internal assets, free capital, premium earned
// over the term, matured capital counted as lost by withdrawals), policies, settlement in batches
// with owed payments, and the attacks of the issue, against a mock IndexOracle.
import { expect } from "chai";
import { network } from "hardhat";
import {
  ACTIVE,
  AT_LEAST,
  AT_MOST,
  BOUNTY,
  DAY,
  EXPIRED,
  FEED,
  FINAL,
  HOUR,
  OPEN,
  PAID,
  RAIN,
  REFUNDED,
  REQUESTED,
  POLICY_FEE,
  VOID,
  deployInsurance,
  flightTerms,
  subjectOf,
  tokens,
} from "./helpers/insuranceFixture.ts";

const { ethers, networkHelpers } = await network.create();
const { time, loadFixture } = networkHelpers;
const OFFSET = 1_000_000n;

describe("InsuranceMarket", function () {
  async function marketFixture() {
    const suite = await deployInsurance(ethers);
    const now = BigInt(await time.latest());
    await suite.market.createProduct(flightTerms(now));
    return { ...suite, now };
  }

  async function blockableFixture() {
    const suite = await deployInsurance(ethers, { blockable: true });
    const now = BigInt(await time.latest());
    await suite.market.createProduct(flightTerms(now));
    const blockable = await ethers.getContractAt("BlockableToken", await suite.token.getAddress());
    return { ...suite, blockable, now };
  }

  /** A subject observed `lead` seconds from now (plus a margin for the blocks mined meanwhile). */
  async function subjectIn(lead: bigint, key = "UA1545:20130101") {
    return subjectOf(BigInt(await time.latest()) + lead, key);
  }

  describe("products", function () {
    it("creates a product with its pool and returns its terms", async function () {
      const { market, admin, now } = await loadFixture(marketFixture);
      const terms = flightTerms(now, {
        name: "Rain",
        feedId: RAIN,
        comparator: AT_MOST,
        tiers: [
          { threshold: 5n, payoutBps: 5_000n },
          { threshold: 1n, payoutBps: 10_000n },
        ],
      });
      await expect(market.createProduct(terms))
        .to.emit(market, "ProductCreated")
        .withArgs(2n, admin.address, RAIN, () => true)
        .and.to.emit(market, "PoolUpdated")
        .withArgs(2n, 0n, 0n, 0n, 0n, 0n);
      const stored = await market.productOf(2n);
      expect(stored.name).to.equal("Rain");
      expect(stored.comparator).to.equal(AT_MOST);
      expect(stored.tiers.map((t) => [t.threshold, t.payoutBps])).to.deep.equal([
        [5n, 5_000n],
        [1n, 10_000n],
      ]);
      expect(await market.productCount()).to.equal(2n);
      await expect(market.productOf(3n)).to.be.revertedWithCustomError(market, "UnknownProduct").withArgs(3n);
    });

    it("refuses each invalid product with the offending values", async function () {
      const { market, now } = await loadFixture(marketFixture);
      const bad = (overrides: Record<string, unknown>) => market.createProduct(flightTerms(now, overrides));
      await expect(bad({ tiers: [] }))
        .to.be.revertedWithCustomError(market, "InvalidTierCount")
        .withArgs(0n, 8n);
      const nine = Array.from({ length: 9 }, (_, i) => ({ threshold: BigInt(i), payoutBps: BigInt(100 * (i + 1)) }));
      await expect(bad({ tiers: nine }))
        .to.be.revertedWithCustomError(market, "InvalidTierCount")
        .withArgs(9n, 8n);
      await expect(
        bad({
          tiers: [
            { threshold: 30n, payoutBps: 1_000n },
            { threshold: 30n, payoutBps: 2_000n },
          ],
        }),
      )
        .to.be.revertedWithCustomError(market, "ThresholdsNotSorted")
        .withArgs(1n, 30n, 30n, AT_LEAST);
      await expect(
        bad({
          comparator: AT_MOST,
          tiers: [
            { threshold: 5n, payoutBps: 1_000n },
            { threshold: 6n, payoutBps: 2_000n },
          ],
        }),
      )
        .to.be.revertedWithCustomError(market, "ThresholdsNotSorted")
        .withArgs(1n, 5n, 6n, AT_MOST);
      await expect(
        bad({
          tiers: [
            { threshold: 15n, payoutBps: 2_000n },
            { threshold: 30n, payoutBps: 2_000n },
          ],
        }),
      )
        .to.be.revertedWithCustomError(market, "PayoutsNotIncreasing")
        .withArgs(1n, 2_000n, 2_000n);
      await expect(bad({ tiers: [{ threshold: 15n, payoutBps: 0n }] }))
        .to.be.revertedWithCustomError(market, "PayoutsNotIncreasing")
        .withArgs(0n, 0n, 0n);
      await expect(bad({ tiers: [{ threshold: 15n, payoutBps: 10_001n }] }))
        .to.be.revertedWithCustomError(market, "PayoutAboveMax")
        .withArgs(0n, 10_001n, 10_000n);
      await expect(bad({ premiumBps: 0n }))
        .to.be.revertedWithCustomError(market, "InvalidPremiumRate")
        .withArgs(0n, 10_000n);
      await expect(bad({ premiumBps: 10_000n }))
        .to.be.revertedWithCustomError(market, "InvalidPremiumRate")
        .withArgs(10_000n, 10_000n);
      await expect(bad({ saleStart: now + 10n, saleEnd: now + 10n }))
        .to.be.revertedWithCustomError(market, "InvalidSaleWindow")
        .withArgs(now + 10n, now + 10n, () => true);
      await expect(bad({ saleStart: 0n, saleEnd: now - 1n }))
        .to.be.revertedWithCustomError(market, "InvalidSaleWindow")
        .withArgs(0n, now - 1n, () => true);
      await expect(bad({ minLeadTime: 0n }))
        .to.be.revertedWithCustomError(market, "InvalidLeadTime")
        .withArgs(0n);
      await expect(bad({ maxSumInsured: 0n }))
        .to.be.revertedWithCustomError(market, "InvalidMaxSumInsured")
        .withArgs(0n, 2n ** 96n - 1n);
      await expect(bad({ maxSumInsured: 2n ** 96n, maxExposurePerSubject: 2n ** 100n }))
        .to.be.revertedWithCustomError(market, "InvalidMaxSumInsured")
        .withArgs(2n ** 96n, 2n ** 96n - 1n);
      await expect(bad({ maxExposurePerSubject: tokens(1_000) - 1n }))
        .to.be.revertedWithCustomError(market, "InvalidExposureCap")
        .withArgs(tokens(1_000) - 1n, tokens(1_000));
      const unknown = ethers.encodeBytes32String("no-such-feed");
      await expect(bad({ feedId: unknown }))
        .to.be.revertedWithCustomError(market, "UnknownFeed")
        .withArgs(unknown);
      expect(await market.productCount()).to.equal(1n);
    });
  });

  describe("pool", function () {
    it("mints shares with the virtual offset and redeems them at the same price", async function () {
      const { market, token, underwriter } = await loadFixture(marketFixture);
      const assets = tokens(1_000);
      expect(await market.previewDeposit(1n, assets)).to.equal(assets * OFFSET);
      await expect(market.connect(underwriter).deposit(1n, assets, assets * OFFSET + 1n))
        .to.be.revertedWithCustomError(market, "SharesBelowMin")
        .withArgs(assets * OFFSET, assets * OFFSET + 1n);
      await expect(market.connect(underwriter).deposit(1n, assets, 0n))
        .to.emit(market, "Deposited")
        .withArgs(1n, underwriter.address, assets, assets * OFFSET)
        .and.to.emit(market, "PoolUpdated")
        .withArgs(1n, assets, 0n, 0n, 0n, assets * OFFSET);
      expect(await market.sharesOf(1n, underwriter.address)).to.equal(assets * OFFSET);
      await expect(market.connect(underwriter).deposit(1n, 0n, 0n)).to.be.revertedWithCustomError(market, "ZeroAmount");
      await expect(market.connect(underwriter).deposit(9n, 1n, 0n))
        .to.be.revertedWithCustomError(market, "UnknownProduct")
        .withArgs(9n);
      const shares = assets * OFFSET;
      await expect(market.connect(underwriter).withdraw(1n, shares + 1n, 0n))
        .to.be.revertedWithCustomError(market, "InsufficientShares")
        .withArgs(shares + 1n, shares);
      await expect(market.connect(underwriter).withdraw(1n, shares, assets + 1n))
        .to.be.revertedWithCustomError(market, "AssetsBelowMin")
        .withArgs(assets, assets + 1n);
      await expect(market.connect(underwriter).withdraw(1n, shares, assets)).to.changeTokenBalances(
        ethers,
        token,
        [underwriter, market],
        [assets, -assets],
      );
      expect((await market.poolOf(1n)).totalShares).to.equal(0n);
    });

    it("attack: a donation moves nothing (internal asset accounting)", async function () {
      const { market, token, underwriter, stranger } = await loadFixture(marketFixture);
      await market.connect(underwriter).deposit(1n, tokens(100), 0n);
      await token.connect(stranger).transfer(await market.getAddress(), tokens(1_000));
      expect((await market.poolOf(1n)).assets).to.equal(tokens(100));
      expect(await market.previewWithdraw(1n, tokens(100) * OFFSET)).to.equal(tokens(100));
    });

    it("attack: 1 wei then a donation on a fresh pool gains nothing", async function () {
      const { market, token, underwriter, stranger } = await loadFixture(marketFixture);
      // The attacker deposits 1 wei, donates 10,000 tokens, and waits for a victim.
      await market.connect(stranger).deposit(1n, 1n, 0n);
      await token.connect(stranger).transfer(await market.getAddress(), tokens(10_000));
      await market.connect(underwriter).deposit(1n, tokens(1_000), 0n);
      // The victim can take its whole deposit back (to the wei: internal assets ignore the
      // donation), the attacker its 1 wei at most.
      const victimShares = await market.sharesOf(1n, underwriter.address);
      expect(await market.previewWithdraw(1n, victimShares)).to.equal(tokens(1_000));
      const attackerShares = await market.sharesOf(1n, stranger.address);
      expect(await market.previewWithdraw(1n, attackerShares)).to.be.lte(1n);
    });
  });

  describe("policies", function () {
    it("buys cover: premium rounded up, maximum payout locked, fee, first request only", async function () {
      const { market, oracle, token, rewards, underwriter, buyer } = await loadFixture(marketFixture);
      await market.connect(underwriter).deposit(1n, tokens(10_000), 0n);
      const subject = await subjectIn(DAY);
      const sum = tokens(100) + 1n;
      const premium = (sum * 500n + 9_999n) / 10_000n;
      expect(await market.quotePremium(1n, sum)).to.equal(premium);
      await expect(market.connect(buyer).buyPolicy(1n, subject, sum, premium - 1n))
        .to.be.revertedWithCustomError(market, "PremiumAboveMax")
        .withArgs(premium, premium - 1n);
      const policyId = (1n << 96n) | (1n << 32n) | 1n;
      const paidBefore = await token.balanceOf(buyer.address);
      await expect(market.connect(buyer).buyPolicy(1n, subject, sum, premium))
        .to.emit(market, "PolicyBought")
        .withArgs(policyId, 1n, subject, buyer.address, sum, premium, sum)
        .and.to.emit(market, "UpkeepFeePaid")
        .withArgs(policyId, buyer.address, POLICY_FEE);
      expect(paidBefore - (await token.balanceOf(buyer.address))).to.equal(premium + POLICY_FEE);
      expect(await oracle.requests(FEED, subject)).to.equal(1n);
      expect(await oracle.requestedBy(FEED, subject)).to.equal(await market.getAddress());
      await market.connect(buyer).buyPolicy(1n, subject, tokens(1), tokens(1));
      expect(await oracle.requests(FEED, subject)).to.equal(1n);
      const policy = await market.policyOf(policyId);
      expect([policy.productId, policy.subject, policy.holder, policy.payee]).to.deep.equal([
        1n,
        subject,
        buyer.address,
        buyer.address,
      ]);
      expect([policy.sumInsured, policy.premium, policy.maxPayout, policy.state]).to.deep.equal([
        sum,
        premium,
        sum,
        ACTIVE,
      ]);
      const book = await market.subjectOf(1n, subject);
      expect([book.policies, book.settled, book.exposure]).to.deep.equal([2n, 0n, sum + tokens(1)]);
      const pool = await market.poolOf(1n);
      expect(pool.locked).to.equal(sum + tokens(1));
      expect(pool.assets).to.equal(tokens(10_000) + premium + tokens(1) / 20n);
      expect(await market.heldFees()).to.equal(2n * POLICY_FEE);
      // The fee follows the bounty when governance raises it: twice the bounty, the policy's
      // settlement and its subject's oracle transition (audit I1).
      await rewards.setBounty(await market.SETTLE_KIND(), tokens(3));
      expect(await market.upkeepFee()).to.equal(tokens(6));
      await expect(market.policyOf(policyId + 5n)).to.be.revertedWithCustomError(market, "UnknownPolicy");
    });

    it("a premium that would round to 0 is 1 wei; a payout that would is refused", async function () {
      const { market, underwriter, buyer } = await loadFixture(marketFixture);
      await market.connect(underwriter).deposit(1n, tokens(10), 0n);
      const subject = await subjectIn(DAY);
      expect(await market.quotePremium(1n, 1n)).to.equal(1n);
      await expect(market.connect(buyer).buyPolicy(1n, subject, 1n, 0n))
        .to.be.revertedWithCustomError(market, "PremiumAboveMax")
        .withArgs(1n, 0n);
      await expect(market.connect(buyer).buyPolicy(1n, subject, 1n, 1n)).to.emit(market, "PolicyBought");
      const now = BigInt(await time.latest());
      await market.createProduct(flightTerms(now, { tiers: [{ threshold: 15n, payoutBps: 5_000n }] }));
      await market.connect(underwriter).deposit(2n, tokens(10), 0n);
      await expect(market.connect(buyer).buyPolicy(2n, subject, 1n, 1n))
        .to.be.revertedWithCustomError(market, "PayoutRoundsToZero")
        .withArgs(1n, 5_000n);
      // Sum 3 at 49.99% premium and a 50% top tier: premium ceil(1.4997) = 2 > payout floor(1.5) = 1.
      await market.createProduct(
        flightTerms(now, { premiumBps: 4_999n, tiers: [{ threshold: 15n, payoutBps: 5_000n }] }),
      );
      await market.connect(underwriter).deposit(3n, tokens(10), 0n);
      await expect(market.connect(buyer).buyPolicy(3n, subject, 3n, 10n))
        .to.be.revertedWithCustomError(market, "PremiumAbovePayout")
        .withArgs(3n, 2n, 1n);
    });

    it("refuses sales outside the window, within the lead time, above the maximum or the cap", async function () {
      const { market, underwriter, buyer, now } = await loadFixture(marketFixture);
      await market.connect(underwriter).deposit(1n, tokens(100_000), 0n);
      const subject = await subjectIn(DAY);
      await expect(market.connect(buyer).buyPolicy(1n, subject, 0n, tokens(1)))
        .to.be.revertedWithCustomError(market, "InvalidSumInsured")
        .withArgs(0n, tokens(1_000));
      await expect(market.connect(buyer).buyPolicy(1n, subject, tokens(1_000) + 1n, tokens(100)))
        .to.be.revertedWithCustomError(market, "InvalidSumInsured")
        .withArgs(tokens(1_000) + 1n, tokens(1_000));
      await expect(market.connect(buyer).buyPolicy(1n, subjectOf(0n, "X"), 1n, 1n)).to.be.revertedWithCustomError(
        market,
        "InvalidSubject",
      );
      // Exposure cap 10,000: ten policies of 1,000 fill it, one wei more is refused.
      for (let i = 0; i < 10; ++i) await market.connect(buyer).buyPolicy(1n, subject, tokens(1_000), tokens(50));
      await expect(market.connect(buyer).buyPolicy(1n, subject, 1n, 1n))
        .to.be.revertedWithCustomError(market, "ExposureCapExceeded")
        .withArgs(1n, subject, tokens(10_000) + 1n, tokens(10_000));
      // Lead time: the last second of sale is observesAt − 1 hour.
      const late = subjectOf(BigInt(await time.latest()) + 2n * HOUR, "LATE:1");
      await time.setNextBlockTimestamp(BigInt(await time.latest()) + HOUR + 1n);
      await expect(market.connect(buyer).buyPolicy(1n, late, tokens(1), tokens(1))).to.be.revertedWithCustomError(
        market,
        "WithinLeadTime",
      );
      const edge = subjectOf(BigInt(await time.latest()) + HOUR + 1n, "EDGE:1");
      await time.setNextBlockTimestamp(BigInt(await time.latest()) + 1n);
      await expect(market.connect(buyer).buyPolicy(1n, edge, tokens(1), tokens(1))).to.emit(market, "PolicyBought");
      // The sale window ends at saleEnd (exclusive).
      await time.increaseTo(now + 30n * DAY);
      await expect(market.connect(buyer).buyPolicy(1n, await subjectIn(DAY), tokens(1), tokens(1)))
        .to.be.revertedWithCustomError(market, "SaleClosed")
        .withArgs(1n, now, now + 30n * DAY, () => true);
    });

    it("refuses a sale before the window opens", async function () {
      const { market, underwriter, buyer, now } = await loadFixture(marketFixture);
      await market.createProduct(flightTerms(now, { saleStart: now + DAY, saleEnd: now + 2n * DAY }));
      await market.connect(underwriter).deposit(2n, tokens(100), 0n);
      await expect(
        market.connect(buyer).buyPolicy(2n, await subjectIn(3n * DAY), tokens(1), tokens(1)),
      ).to.be.revertedWithCustomError(market, "SaleClosed");
      await expect(market.connect(buyer).buyPolicy(7n, await subjectIn(3n * DAY), tokens(1), tokens(1)))
        .to.be.revertedWithCustomError(market, "UnknownProduct")
        .withArgs(7n);
    });

    it("the last unit of free capital buys, one wei more reverts", async function () {
      const { market, underwriter, buyer, now } = await loadFixture(marketFixture);
      await market.createProduct(
        flightTerms(now, { maxSumInsured: tokens(10_000), maxExposurePerSubject: tokens(10_000) }),
      );
      await market.connect(underwriter).deposit(2n, tokens(1_000), 0n);
      const subject = await subjectIn(DAY);
      await expect(market.connect(buyer).buyPolicy(2n, subject, tokens(1_000) + 1n, tokens(100)))
        .to.be.revertedWithCustomError(market, "InsufficientFreeCapital")
        .withArgs(2n, tokens(1_000) + 1n, tokens(1_000));
      await market.connect(buyer).buyPolicy(2n, subject, tokens(1_000), tokens(100));
      // At most the wei the premium's rate rounds off is earned at once (PremiumStream); the
      // edges with premium being earned are in test/InsuranceMarket.t.sol (exact timestamps).
      expect(await market.freeCapitalOf(2n)).to.be.lte(1n);
    });

    it("setPayee: holder only, while active, not the market", async function () {
      const { market, underwriter, buyer, stranger, oracle } = await loadFixture(marketFixture);
      await market.connect(underwriter).deposit(1n, tokens(1_000), 0n);
      const subject = await subjectIn(DAY);
      await market.connect(buyer).buyPolicy(1n, subject, tokens(100), tokens(5));
      const id = (1n << 96n) | (1n << 32n) | 1n;
      await expect(market.connect(stranger).setPayee(id, stranger.address))
        .to.be.revertedWithCustomError(market, "NotHolder")
        .withArgs(id, stranger.address, buyer.address);
      await expect(market.connect(buyer).setPayee(id, await market.getAddress())).to.be.revertedWithCustomError(
        market,
        "InvalidPayee",
      );
      await expect(market.connect(buyer).setPayee(id + 1n, stranger.address)).to.be.revertedWithCustomError(
        market,
        "UnknownPolicy",
      );
      await expect(market.connect(buyer).setPayee(id, stranger.address))
        .to.emit(market, "PayeeSet")
        .withArgs(id, stranger.address);
      expect((await market.policyOf(id)).payee).to.equal(stranger.address);
      await time.increase(DAY + 60n);
      await oracle.setValue(FEED, subject, FINAL, 50n);
      await expect(market.settle(1n, subject, 10n))
        .to.emit(market, "PolicyPaid")
        .withArgs(id, stranger.address, tokens(100), 3n, true);
      await expect(market.connect(buyer).setPayee(id, buyer.address))
        .to.be.revertedWithCustomError(market, "PolicyNotActive")
        .withArgs(id, PAID);
    });
  });

  describe("earning and exits", function () {
    it("attack: an underwriter cannot exit ahead of a reported trigger", async function () {
      const { market, oracle, underwriter, buyer, stranger } = await loadFixture(marketFixture);
      await market.connect(underwriter).deposit(1n, tokens(1_000), 0n);
      await market.connect(stranger).deposit(1n, tokens(1_000), 0n);
      const subject = await subjectIn(DAY);
      await market.connect(buyer).buyPolicy(1n, subject, tokens(1_000), tokens(50));
      // Past observation the flight is known delayed (the feeder reports): the locked 1,000
      // counts as lost, so the underwriter's exit pays its share of what is left after the loss.
      await time.increase(DAY + 1n);
      await oracle.setValue(FEED, subject, OPEN, 0n);
      const shares = await market.sharesOf(1n, underwriter.address);
      const pool = await market.poolOf(1n);
      expect(pool.lockedMatured).to.equal(tokens(1_000));
      const exit = await market.previewWithdraw(1n, shares);
      // Half of (2,000 + 50 premium − 1,000 lost), not half of 2,050.
      expect(exit).to.be.lte(tokens(1_050) / 2n);
      await market.connect(underwriter).withdraw(1n, shares, 0n);
      await oracle.setValue(FEED, subject, FINAL, 60n);
      await market.connect(buyer).settle(1n, subject, 10n);
      // The one who stayed is not worse off than the one who left.
      const rest = await market.previewWithdraw(1n, await market.sharesOf(1n, stranger.address));
      expect(rest).to.be.gte(exit);
    });

    it("attack: capital arriving a block before a sale and leaving a block after earns only its share of the elapsed term", async function () {
      const { market, underwriter, buyer, stranger } = await loadFixture(marketFixture);
      await market.connect(underwriter).deposit(1n, tokens(1_000), 0n);
      const subject = await subjectIn(10n * DAY);
      // Just in time: 1,000 tokens a block before the sale.
      await market.connect(stranger).deposit(1n, tokens(1_000), 0n);
      await market.connect(buyer).buyPolicy(1n, subject, tokens(100), tokens(5));
      const boughtAt = BigInt(await time.latest());
      const shares = await market.sharesOf(1n, stranger.address);
      const tx = await market.connect(stranger).withdraw(1n, shares, 0n);
      const receipt = await tx.wait();
      const leftAt = BigInt((await ethers.provider.getBlock(receipt!.blockNumber))!.timestamp);
      // Earned up to the end of the risk start's hour (observation − the product's lead time).
      const earningEnd = (((BigInt(subject) >> 192n) - HOUR) / HOUR + 1n) * HOUR;
      const premium = tokens(5);
      const earned = (premium * (leftAt - boughtAt)) / (earningEnd - boughtAt);
      const withdrawn = (await market.queryFilter(market.filters.Withdrawn(1n, stranger.address)))[0].args.assets;
      // Its half of what was earned in the elapsed second, nothing of the unearned premium.
      expect(withdrawn).to.be.lte(tokens(1_000) + earned / 2n + 1n);
      expect(withdrawn).to.be.gte(tokens(1_000) - 1n);
    });

    it("premium is earned linearly to the end of the risk start's bucket (observation − lead time, audit I8)", async function () {
      const { market, underwriter, buyer } = await loadFixture(marketFixture);
      await market.connect(underwriter).deposit(1n, tokens(1_000), 0n);
      const subject = await subjectIn(4n * DAY);
      await market.connect(buyer).buyPolicy(1n, subject, tokens(1_000), tokens(50));
      const boughtAt = BigInt(await time.latest());
      const end = (((BigInt(subject) >> 192n) - HOUR) / HOUR + 1n) * HOUR;
      expect((await market.poolOf(1n)).unearned).to.be.closeTo(tokens(50), 1n);
      await time.increaseTo(boughtAt + (end - boughtAt) / 2n);
      expect((await market.poolOf(1n)).unearned).to.be.closeTo(tokens(25), tokens(1) / 1000n);
      await time.increaseTo(end);
      const pool = await market.poolOf(1n);
      expect(pool.unearned).to.equal(0n);
      expect(pool.lockedMatured).to.equal(tokens(1_000));
    });
  });

  describe("settlement", function () {
    async function boughtFixture() {
      const suite = await marketFixture();
      await suite.market.connect(suite.underwriter).deposit(1n, tokens(100_000), 0n);
      const subject = subjectOf(BigInt(await time.latest()) + DAY, "UA1545:20130101");
      return { ...suite, subject };
    }

    it("attack: a feed's final value cannot settle a product of another feed", async function () {
      const { market, oracle, buyer, subject } = await loadFixture(boughtFixture);
      await market.connect(buyer).buyPolicy(1n, subject, tokens(100), tokens(5));
      await time.increase(DAY + 60n);
      await oracle.setValue(RAIN, subject, FINAL, 500n);
      await expect(market.settle(1n, subject, 10n)).to.be.revertedWithCustomError(market, "NotDue");
      await oracle.setValue(FEED, subject, FINAL, 0n);
      await expect(market.settle(1n, subject, 10n)).to.emit(market, "PolicyExpired");
    });

    it("is not due before the oracle is final, nor for an unknown subject, nor with an empty batch", async function () {
      const { market, oracle, buyer, subject } = await loadFixture(boughtFixture);
      await expect(market.settle(1n, subject, 1n))
        .to.be.revertedWithCustomError(market, "UnknownSubject")
        .withArgs(1n, subject);
      await market.connect(buyer).buyPolicy(1n, subject, tokens(100), tokens(5));
      const observesAt = BigInt(subject) >> 192n;
      await expect(market.settle(1n, subject, 1n))
        .to.be.revertedWithCustomError(market, "NotDue")
        .withArgs(observesAt + 2n * HOUR + DAY, () => true);
      await expect(market.settle(1n, subject, 0n))
        .to.be.revertedWithCustomError(market, "InvalidBatch")
        .withArgs(0n);
      expect((await market.settleableOf(1n, subject)).due).to.equal(false);
      expect((await market.settleableOf(1n, subject)).state).to.equal(REQUESTED);
      // A (broken) oracle final before the observation time is refused.
      await oracle.setValue(FEED, subject, FINAL, 50n);
      await expect(market.settle(1n, subject, 1n))
        .to.be.revertedWithCustomError(market, "NotDue")
        .withArgs(observesAt, () => true);
    });

    it("threshold edges: a value exactly at a threshold triggers for >= and <=", async function () {
      const { market, oracle, buyer, now } = await loadFixture(boughtFixture);
      await market.createProduct(
        flightTerms(now, {
          name: "Rain",
          feedId: RAIN,
          comparator: AT_MOST,
          tiers: [
            { threshold: 5n, payoutBps: 5_000n },
            { threshold: 1n, payoutBps: 10_000n },
          ],
        }),
      );
      await market.deposit(2n, tokens(100_000), 0n);
      const cases: [bigint, string, bigint, bigint][] = [
        [1n, "AL:15", 15n, tokens(25)],
        [1n, "AL:14", 14n, 0n],
        [1n, "AL:45", 45n, tokens(100)],
        [1n, "AL:44", 44n, tokens(50)],
        [2n, "AM:5", 5n, tokens(50)],
        [2n, "AM:6", 6n, 0n],
        [2n, "AM:1", 1n, tokens(100)],
        [2n, "AM:2", 2n, tokens(50)],
      ];
      const base = BigInt(await time.latest()) + DAY;
      for (const [product, key] of cases)
        await market.connect(buyer).buyPolicy(product, subjectOf(base, key), tokens(100), tokens(5));
      await time.increaseTo(base + 60n);
      for (const [product, key, value, paid] of cases) {
        const subject = subjectOf(base, key);
        await oracle.setValue(product === 1n ? FEED : RAIN, subject, FINAL, value);
        const tx = market.settle(product, subject, 1n);
        if (paid === 0n) await expect(tx).to.emit(market, "PolicyExpired");
        else
          await expect(tx)
            .to.emit(market, "PolicyPaid")
            .withArgs(
              () => true,
              buyer.address,
              paid,
              () => true,
              true,
            );
      }
    });

    it("pays the highest tier reached once, expires the rest, releases capital, pays a bounty per policy", async function () {
      const { market, oracle, token, rewards, buyer, keeper, subject } = await loadFixture(boughtFixture);
      for (let i = 0; i < 3; ++i) await market.connect(buyer).buyPolicy(1n, subject, tokens(100), tokens(5));
      await time.increase(DAY + 60n);
      await oracle.setValue(FEED, subject, FINAL, 31n);
      expect((await market.settleableOf(1n, subject)).due).to.equal(true);
      const before = await token.balanceOf(buyer.address);
      await expect(market.connect(keeper).settle(1n, subject, 2n))
        .to.emit(market, "SubjectSettled")
        .withArgs(1n, subject, FINAL, 31n, 2n, 1n, keeper.address)
        .and.to.emit(rewards, "BountyPaid")
        .withArgs(
          await market.SETTLE_KIND(),
          keeper.address,
          await market.getAddress(),
          2n,
          2n * BOUNTY,
          () => true,
          () => true,
        )
        .and.to.emit(market, "UpkeepFeesForwarded")
        .withArgs(3n * POLICY_FEE);
      expect((await token.balanceOf(buyer.address)) - before).to.equal(tokens(100));
      await market.connect(keeper).settle(1n, subject, 5n);
      const pool = await market.poolOf(1n);
      expect([pool.locked, pool.lockedMatured]).to.deep.equal([0n, 0n]);
      expect(pool.assets).to.equal(tokens(100_000) + tokens(15) - tokens(150));
      expect((await market.subjectOf(1n, subject)).exposure).to.equal(0n);
      expect((await market.policyOf((1n << 96n) | (1n << 32n) | 3n)).state).to.equal(PAID);
    });

    it("bounty per policy processed: the same total in one batch or in many", async function () {
      const { market, oracle, rewards, buyer, keeper, keeper2, subject } = await loadFixture(boughtFixture);
      const other = subjectOf(BigInt(subject) >> 192n, "UA1546:20130101");
      for (let i = 0; i < 6; ++i) await market.connect(buyer).buyPolicy(1n, subject, tokens(10), tokens(1));
      for (let i = 0; i < 6; ++i) await market.connect(buyer).buyPolicy(1n, other, tokens(10), tokens(1));
      await time.increase(DAY + 60n);
      await oracle.setValue(FEED, subject, FINAL, 20n);
      await oracle.setValue(FEED, other, FINAL, 0n);
      await market.connect(keeper).settle(1n, subject, 6n);
      for (let i = 0; i < 3; ++i) await market.connect(keeper2).settle(1n, other, 2n);
      expect(await rewards.earnedBy(keeper.address)).to.equal(6n * BOUNTY);
      expect(await rewards.earnedBy(keeper2.address)).to.equal(6n * BOUNTY);
    });

    it("attack: two keepers settling the same subject pay nothing twice", async function () {
      const { market, oracle, token, buyer, keeper, keeper2, subject } = await loadFixture(boughtFixture);
      for (let i = 0; i < 4; ++i) await market.connect(buyer).buyPolicy(1n, subject, tokens(100), tokens(5));
      await time.increase(DAY + 60n);
      await oracle.setValue(FEED, subject, FINAL, 50n);
      const before = await token.balanceOf(buyer.address);
      await market.connect(keeper).settle(1n, subject, 3n);
      await market.connect(keeper2).settle(1n, subject, 3n);
      await expect(market.connect(keeper).settle(1n, subject, 3n))
        .to.be.revertedWithCustomError(market, "NotDue")
        .withArgs(0n, () => true);
      await expect(market.connect(keeper2).settle(1n, subject, 3n)).to.be.revertedWithCustomError(market, "NotDue");
      expect((await token.balanceOf(buyer.address)) - before).to.equal(tokens(400));
      // A later change at the oracle cannot re-settle: the outcome was recorded at the first call.
      await oracle.setValue(FEED, subject, VOID, 0n);
      await expect(market.settle(1n, subject, 3n)).to.be.revertedWithCustomError(market, "NotDue");
      expect((await market.settleableOf(1n, subject)).due).to.equal(false);
    });

    it("void refunds premiums (once the earning term ended) and releases capital", async function () {
      const { market, oracle, token, buyer, underwriter, subject } = await loadFixture(boughtFixture);
      await market.connect(buyer).buyPolicy(1n, subject, tokens(100), tokens(5));
      await market.connect(buyer).buyPolicy(1n, subject, tokens(200), tokens(10));
      const observesAt = BigInt(subject) >> 192n;
      const end = (observesAt / HOUR + 1n) * HOUR;
      await time.increaseTo(observesAt);
      await oracle.setValue(FEED, subject, VOID, 0n);
      await expect(market.settle(1n, subject, 10n))
        .to.be.revertedWithCustomError(market, "NotDue")
        .withArgs(end, () => true);
      await time.increaseTo(end);
      const before = await token.balanceOf(buyer.address);
      await expect(market.settle(1n, subject, 10n))
        .to.emit(market, "PolicyRefunded")
        .withArgs((1n << 96n) | (1n << 32n) | 1n, buyer.address, tokens(5), true)
        .and.to.emit(market, "SubjectSettled")
        .withArgs(1n, subject, VOID, 0n, 2n, 0n, () => true);
      expect((await token.balanceOf(buyer.address)) - before).to.equal(tokens(15));
      expect((await market.policyOf((1n << 96n) | (1n << 32n) | 2n)).state).to.equal(REFUNDED);
      const pool = await market.poolOf(1n);
      expect([pool.assets, pool.locked, pool.unearned]).to.deep.equal([tokens(100_000), 0n, 0n]);
      const shares = await market.sharesOf(1n, underwriter.address);
      expect(await market.previewWithdraw(1n, shares)).to.equal(tokens(100_000));
    });

    it("attack: 1,000 minimum policies on one subject are all paid in ceil(1000/B) settles", async function () {
      this.timeout(600_000);
      const { market, oracle, buyer, keeper, subject } = await loadFixture(boughtFixture);
      const N = 1_000;
      const B = 150n;
      for (let i = 0; i < N; ++i) await market.connect(buyer).buyPolicy(1n, subject, 1n, 1n);
      await time.increase(DAY + 60n);
      await oracle.setValue(FEED, subject, FINAL, 45n);
      let calls = 0;
      let paid = 0;
      for (;;) {
        const tx = await market.connect(keeper).settle(1n, subject, B);
        const receipt = await tx.wait();
        ++calls;
        paid += receipt!.logs.filter(
          (log) => log.topics[0] === market.interface.getEvent("PolicyPaid").topicHash,
        ).length;
        if ((await market.subjectOf(1n, subject)).settled === BigInt(N)) break;
      }
      expect(calls).to.equal(Math.ceil(N / Number(B)));
      expect(paid).to.equal(N);
      expect((await market.poolOf(1n)).locked).to.equal(0n);
    });

    it("expired policies release their capital", async function () {
      const { market, oracle, buyer, subject } = await loadFixture(boughtFixture);
      await market.connect(buyer).buyPolicy(1n, subject, tokens(100), tokens(5));
      await time.increase(DAY + 60n);
      await oracle.setValue(FEED, subject, FINAL, 3n);
      await expect(market.settle(1n, subject, 10n))
        .to.emit(market, "PolicyExpired")
        .withArgs((1n << 96n) | (1n << 32n) | 1n, tokens(100));
      expect((await market.policyOf((1n << 96n) | (1n << 32n) | 1n)).state).to.equal(EXPIRED);
      expect((await market.poolOf(1n)).locked).to.equal(0n);
    });
  });

  describe("undeliverable payments", function () {
    it("attack: a holder that cannot receive does not block a batch and claims later", async function () {
      const { market, oracle, token, blockable, underwriter, buyer, stranger, signers } =
        await loadFixture(blockableFixture);
      await market.connect(underwriter).deposit(1n, tokens(100_000), 0n);
      const subject = subjectOf(BigInt(await time.latest()) + DAY, "UA1545:20130101");
      await market.connect(buyer).buyPolicy(1n, subject, tokens(100), tokens(5));
      await market.connect(stranger).buyPolicy(1n, subject, tokens(100), tokens(5));
      await market.connect(buyer).buyPolicy(1n, subject, tokens(100), tokens(5));
      await blockable.setBlocked(stranger.address, true);
      await time.increase(DAY + 60n);
      await oracle.setValue(FEED, subject, FINAL, 20n);
      const id2 = (1n << 96n) | (1n << 32n) | 2n;
      await expect(market.settle(1n, subject, 10n))
        .to.emit(market, "PolicyPaid")
        .withArgs(id2, stranger.address, tokens(25), 1n, false)
        .and.to.emit(market, "SubjectSettled")
        .withArgs(1n, subject, FINAL, 20n, 3n, 0n, () => true);
      expect(await market.owedOf(stranger.address)).to.equal(tokens(25));
      expect(await market.totalOwed()).to.equal(tokens(25));
      // Still blocked: it names another address of its own.
      await expect(market.connect(stranger).claimOwed()).to.be.revertedWithCustomError(blockable, "Blocked");
      await expect(market.connect(stranger).claimOwedTo(ethers.ZeroAddress)).to.be.revertedWithCustomError(
        market,
        "InvalidPayee",
      );
      const other = signers[8];
      const otherBefore = await token.balanceOf(other.address);
      await expect(market.connect(stranger).claimOwedTo(other.address))
        .to.emit(market, "OwedClaimedTo")
        .withArgs(stranger.address, other.address, tokens(25));
      expect((await token.balanceOf(other.address)) - otherBefore).to.equal(tokens(25));
      await expect(market.connect(stranger).claimOwed())
        .to.be.revertedWithCustomError(market, "NothingOwed")
        .withArgs(stranger.address);
    });

    it("an unblocked holder claims what it is owed", async function () {
      const { market, oracle, token, blockable, underwriter, stranger } = await loadFixture(blockableFixture);
      await market.connect(underwriter).deposit(1n, tokens(100_000), 0n);
      const subject = subjectOf(BigInt(await time.latest()) + DAY, "UA1:1");
      await market.connect(stranger).buyPolicy(1n, subject, tokens(100), tokens(5));
      await blockable.setBlocked(stranger.address, true);
      await time.increase(DAY + 60n);
      await oracle.setValue(FEED, subject, FINAL, 50n);
      await market.settle(1n, subject, 10n);
      await blockable.setBlocked(stranger.address, false);
      const before = await token.balanceOf(stranger.address);
      await expect(market.connect(stranger).claimOwed())
        .to.emit(market, "OwedClaimed")
        .withArgs(stranger.address, tokens(100));
      expect((await token.balanceOf(stranger.address)) - before).to.equal(tokens(100));
      expect(await market.totalOwed()).to.equal(0n);
    });
  });
});
