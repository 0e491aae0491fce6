// CharityCampaigns (DESIGN §13, issue 18): campaigns, soulbound receipts, release by a strict
// verifier majority, the pro-rata trace, refunds (cursor with a bounty, or the donor's claim), the
// Committee as verifier, and charity sales through the DutchAuction. Attack tests are named
// "attack N: ..." (DEVELOPERS.md, "Community: CharityCampaigns").
import { expect } from "chai";
import { encodeBytes32String, keccak256, toUtf8Bytes, ZeroAddress } from "ethers";
import { network } from "hardhat";
import { BOUNTY, DAY, deployCharity, MIN_DONATION, tokens } from "./helpers/charityFixture.ts";

const { ethers, networkHelpers } = await network.create();
const { time, loadFixture } = networkHelpers;

const Status = { None: 0, Active: 1, Completed: 2, Cancelled: 3, Failed: 4 };
const FailReason = { None: 0, GoalMissed: 1, MilestonesMissed: 2 };
const URI = ["ipfs://invoice-1"];
const HASH = [keccak256(toUtf8Bytes("invoice-1"))];

async function fixture() {
  return deployCharity(ethers);
}

type F = Awaited<ReturnType<typeof fixture>>;

async function params(
  f: F,
  amounts: bigint[],
  options: { committee?: boolean; verifiers?: string[]; token?: string; deadline?: bigint } = {},
) {
  const now = BigInt(await time.latest());
  const deadline = options.deadline ?? now + 10n * DAY;
  return {
    beneficiary: f.beneficiary.address,
    token: options.token ?? ZeroAddress,
    deadline,
    releaseDeadline: deadline + 10n * DAY,
    committee: options.committee ?? false,
    verifiers: options.committee ? [] : (options.verifiers ?? f.verifiers.map((v) => v.address)),
    milestones: amounts.map((amount, i) => ({ amount, evidence: `milestone ${i}: invoices` })),
    metadataURI: "ipfs://campaign",
  };
}

async function created(f: F, amounts: bigint[], options: Parameters<typeof params>[2] = {}) {
  await f.charity.connect(f.creator).createCampaign(await params(f, amounts, options));
  return await f.charity.campaignCount();
}

/** Evidence for the next milestone and approvals by the first two verifiers (a majority of 3). */
async function releaseNext(f: F, id: bigint) {
  const milestone = (await f.charity.campaignOf(id)).releasedCount;
  await f.charity.connect(f.beneficiary).submitEvidence(id, milestone, URI, HASH);
  await f.charity.connect(f.verifiers[0]).approveMilestone(id, milestone);
  await f.charity.connect(f.verifiers[1]).approveMilestone(id, milestone);
}

describe("CharityCampaigns", function () {
  describe("campaigns and donations", function () {
    it("creates a campaign whose goal is the sum of its milestones, with every field in CampaignCreated", async function () {
      const f = await loadFixture(fixture);
      const p = await params(f, [tokens(200), tokens(300)]);
      await expect(f.charity.connect(f.creator).createCampaign(p))
        .to.emit(f.charity, "CampaignCreated")
        .withArgs(
          1n,
          f.creator.address,
          f.beneficiary.address,
          await f.token.getAddress(),
          tokens(500),
          p.deadline,
          p.releaseDeadline,
          false,
          p.verifiers,
          p.milestones.map((m) => [m.amount, m.evidence]),
          "ipfs://campaign",
        );
      const campaign = await f.charity.campaignOf(1n);
      expect(campaign.goal).to.equal(tokens(500));
      expect(campaign.status).to.equal(Status.Active);
      expect(campaign.milestoneCount).to.equal(2n);
      expect(await f.charity.verifiersOf(1n)).to.deep.equal(p.verifiers);
      expect((await f.charity.milestoneOf(1n, 1n)).amount).to.equal(tokens(300));
    });

    it("refuses bad campaigns with the offending values", async function () {
      const f = await loadFixture(fixture);
      const now = BigInt(await time.latest());
      const base = await params(f, [tokens(1)]);
      const c = f.charity.connect(f.creator);
      await expect(c.createCampaign({ ...base, beneficiary: ZeroAddress }))
        .to.be.revertedWithCustomError(f.charity, "InvalidBeneficiary")
        .withArgs(ZeroAddress);
      await expect(c.createCampaign({ ...base, token: f.other.address }))
        .to.be.revertedWithCustomError(f.charity, "TokenNotAllowed")
        .withArgs(f.other.address);
      await expect(c.createCampaign({ ...base, deadline: now, releaseDeadline: now + DAY }))
        .to.be.revertedWithCustomError(f.charity, "InvalidDeadlines")
        .withArgs(now, now + DAY, now + 1n);
      await expect(c.createCampaign({ ...base, releaseDeadline: base.deadline - 1n }))
        .to.be.revertedWithCustomError(f.charity, "InvalidDeadlines")
        .withArgs(base.deadline, base.deadline - 1n, now + 1n);
      await expect(c.createCampaign({ ...base, milestones: [] }))
        .to.be.revertedWithCustomError(f.charity, "InvalidMilestoneCount")
        .withArgs(0n, 16n);
      const seventeen = Array.from({ length: 17 }, () => ({ amount: 1n, evidence: "" }));
      await expect(c.createCampaign({ ...base, milestones: seventeen }))
        .to.be.revertedWithCustomError(f.charity, "InvalidMilestoneCount")
        .withArgs(17n, 16n);
      await expect(c.createCampaign({ ...base, milestones: [{ amount: 0n, evidence: "" }] }))
        .to.be.revertedWithCustomError(f.charity, "InvalidMilestoneAmount")
        .withArgs(0n, 0n);
      await expect(c.createCampaign({ ...base, verifiers: [] }))
        .to.be.revertedWithCustomError(f.charity, "InvalidVerifierCount")
        .withArgs(0n, 32n);
      await expect(c.createCampaign({ ...base, committee: true }))
        .to.be.revertedWithCustomError(f.charity, "InvalidVerifierCount")
        .withArgs(3n, 0n);
      await expect(c.createCampaign({ ...base, verifiers: [f.other.address, ZeroAddress] }))
        .to.be.revertedWithCustomError(f.charity, "InvalidVerifier")
        .withArgs(1n, ZeroAddress);
      expect(await f.charity.campaignCount()).to.equal(0n);
    });

    it("records each donation with its donor and a soulbound receipt (ERC-5192), tokenId = donation id", async function () {
      const f = await loadFixture(fixture);
      const id = await created(f, [tokens(500)]);
      const [d1, d2] = f.donors;
      await expect(f.charity.connect(d1).donate(id, tokens(100)))
        .to.emit(f.charity, "DonationReceived")
        .withArgs(1n, id, d1.address, d1.address, tokens(100), 0n, tokens(100))
        .and.to.emit(f.charity, "Locked")
        .withArgs(1n);
      await expect(f.charity.connect(d2).donateFor(id, tokens(50), f.other.address))
        .to.emit(f.charity, "DonationReceived")
        .withArgs(2n, id, f.other.address, d2.address, tokens(50), 0n, tokens(150));
      expect(await f.charity.ownerOf(1n)).to.equal(d1.address);
      expect(await f.charity.ownerOf(2n)).to.equal(f.other.address);
      expect(await f.charity.locked(1n)).to.equal(true);
      expect(await f.charity.supportsInterface("0xb45a3c0e")).to.equal(true);
      expect(await f.charity.supportsInterface("0x80ac58cd")).to.equal(true);
      const donation = await f.charity.donationOf(2n);
      expect(donation.donor).to.equal(f.other.address);
      expect(donation.amount).to.equal(tokens(50));
      expect((await f.charity.campaignOf(id)).raised).to.equal(tokens(150));
      expect(await f.charity.campaignBalance(id)).to.equal(tokens(150));
      expect(await f.charity.donationCount()).to.equal(2n);
      await expect(f.charity.locked(9n)).to.be.revertedWithCustomError(f.charity, "ERC721NonexistentToken");
    });

    it("attack 1: a 1-wei donation (to farm the refund bounty) is refused below the token's minimum", async function () {
      const f = await loadFixture(fixture);
      const id = await created(f, [tokens(500)]);
      await expect(f.charity.connect(f.donors[0]).donate(id, 1n))
        .to.be.revertedWithCustomError(f.charity, "DonationTooSmall")
        .withArgs(1n, MIN_DONATION);
      await expect(f.charity.connect(f.donors[0]).donate(id, MIN_DONATION - 1n))
        .to.be.revertedWithCustomError(f.charity, "DonationTooSmall")
        .withArgs(MIN_DONATION - 1n, MIN_DONATION);
      expect(await f.charity.acceptsDonation(id, MIN_DONATION - 1n)).to.equal(false);
      expect(await f.charity.acceptsDonation(id, MIN_DONATION)).to.equal(true);
      // The bounty stays below the minimum donation it is paid for.
      expect(BOUNTY).to.be.lessThan(MIN_DONATION);
    });

    it("attack 2: a receipt cannot be transferred, so nobody can move a donor's refund to themselves", async function () {
      const f = await loadFixture(fixture);
      const id = await created(f, [tokens(500)]);
      const [d1] = f.donors;
      await f.charity.connect(d1).donate(id, tokens(10));
      await expect(f.charity.connect(d1).transferFrom(d1, f.other, 1n))
        .to.be.revertedWithCustomError(f.charity, "Soulbound")
        .withArgs(1n);
      await expect(
        f.charity.connect(d1)["safeTransferFrom(address,address,uint256)"](d1, f.other, 1n),
      ).to.be.revertedWithCustomError(f.charity, "Soulbound");
      await f.charity.connect(f.creator).cancel(id);
      await expect(f.charity.connect(f.other).claimRefund(1n, f.other.address))
        .to.be.revertedWithCustomError(f.charity, "NotDonor")
        .withArgs(f.other.address, d1.address);
      expect(await f.charity.ownerOf(1n)).to.equal(d1.address);
    });

    it("refuses donations after the deadline, to a closed campaign, for no donor or this contract", async function () {
      const f = await loadFixture(fixture);
      const id = await created(f, [tokens(5)]);
      const d = f.charity.connect(f.donors[0]);
      await expect(d.donateFor(id, tokens(1), ZeroAddress))
        .to.be.revertedWithCustomError(f.charity, "InvalidDonor")
        .withArgs(ZeroAddress);
      await expect(d.donateFor(id, tokens(1), await f.charity.getAddress()))
        .to.be.revertedWithCustomError(f.charity, "InvalidDonor")
        .withArgs(await f.charity.getAddress());
      await expect(d.donate(99n, tokens(1)))
        .to.be.revertedWithCustomError(f.charity, "UnknownCampaign")
        .withArgs(99n);
      await d.donate(id, tokens(5));
      await releaseNext(f, id);
      await expect(d.donate(id, tokens(1)))
        .to.be.revertedWithCustomError(f.charity, "CampaignNotActive")
        .withArgs(id, Status.Completed);
      const late = await created(f, [tokens(5)], { deadline: BigInt(await time.latest()) + 100n });
      await d.donate(late, tokens(5));
      await time.increase(100);
      const { deadline } = await f.charity.campaignOf(late);
      await expect(d.donate(late, tokens(1)))
        .to.be.revertedWithCustomError(f.charity, "DonationsClosed")
        .withArgs(late, deadline, (n: bigint) => n >= deadline);
    });
  });

  describe("evidence, approvals and release", function () {
    it("a strict majority of the named verifiers releases the milestone to the beneficiary", async function () {
      const f = await loadFixture(fixture);
      const id = await created(f, [tokens(200), tokens(300)]);
      await f.charity.connect(f.donors[0]).donate(id, tokens(400));
      await expect(f.charity.connect(f.beneficiary).submitEvidence(id, 0n, URI, HASH))
        .to.emit(f.charity, "EvidenceSubmitted")
        .withArgs(id, 0n, 1n, URI, HASH, 0n, 3n, 2n);
      await expect(f.charity.connect(f.verifiers[2]).approveMilestone(id, 0n))
        .to.emit(f.charity, "EvidenceApproved")
        .withArgs(id, 0n, 1n, f.verifiers[2].address, 1n, 2n);
      const before = await f.token.balanceOf(f.beneficiary);
      await expect(f.charity.connect(f.verifiers[0]).approveMilestone(id, 0n))
        .to.emit(f.charity, "MilestoneApproved")
        .withArgs(id, 0n, 1n)
        .and.to.emit(f.charity, "MilestoneReleased")
        .withArgs(id, 0n, f.beneficiary.address, tokens(200), tokens(400), tokens(400));
      expect((await f.token.balanceOf(f.beneficiary)) - before).to.equal(tokens(200));
      const campaign = await f.charity.campaignOf(id);
      expect(campaign.released).to.equal(tokens(200));
      expect(campaign.releasedCount).to.equal(1n);
      expect(await f.charity.campaignBalance(id)).to.equal(tokens(200));
    });

    it("issue 18: evidence approved by a minority releases nothing", async function () {
      const f = await loadFixture(fixture);
      const [v1, v2, v3, v4, v5] = [...f.verifiers, f.other, f.keeper];
      const id = await created(f, [tokens(100)], { verifiers: [v1, v2, v3, v4, v5].map((v) => v.address) });
      await f.charity.connect(f.donors[0]).donate(id, tokens(100));
      await f.charity.connect(f.beneficiary).submitEvidence(id, 0n, URI, HASH);
      expect((await f.charity.milestoneOf(id, 0n)).threshold).to.equal(3n);
      await f.charity.connect(v1).approveMilestone(id, 0n);
      await f.charity.connect(v2).approveMilestone(id, 0n);
      // Two of five is a minority: nothing moved, and nobody can release it.
      expect(await f.token.balanceOf(f.beneficiary)).to.equal(0n);
      expect((await f.charity.campaignOf(id)).released).to.equal(0n);
      await expect(f.charity.release(id)).to.be.revertedWithCustomError(f.charity, "NotApproved").withArgs(id, 0n);
      await expect(f.charity.connect(f.beneficiary).approveMilestone(id, 0n))
        .to.be.revertedWithCustomError(f.charity, "NotVerifier")
        .withArgs(f.beneficiary.address, id, 0n);
      // Half of an even set is no majority either.
      const even = await created(f, [tokens(100)], { verifiers: [v1, v2, v3, v4].map((v) => v.address) });
      await f.charity.connect(f.donors[0]).donate(even, tokens(100));
      await f.charity.connect(f.beneficiary).submitEvidence(even, 0n, URI, HASH);
      await f.charity.connect(v1).approveMilestone(even, 0n);
      await f.charity.connect(v2).approveMilestone(even, 0n);
      expect((await f.charity.campaignOf(even)).released).to.equal(0n);
      await expect(f.charity.connect(v3).approveMilestone(even, 0n)).to.emit(f.charity, "MilestoneReleased");
    });

    it("attack 3: a verifier counted twice: a repeated address is refused, a second approval reverts", async function () {
      const f = await loadFixture(fixture);
      const [v1, v2] = f.verifiers;
      await expect(
        f.charity
          .connect(f.creator)
          .createCampaign(await params(f, [tokens(1)], { verifiers: [v1.address, v2.address, v1.address] })),
      )
        .to.be.revertedWithCustomError(f.charity, "DuplicateVerifier")
        .withArgs(v1.address);
      const id = await created(f, [tokens(100)]);
      await f.charity.connect(f.donors[0]).donate(id, tokens(100));
      await f.charity.connect(f.beneficiary).submitEvidence(id, 0n, URI, HASH);
      await f.charity.connect(v1).approveMilestone(id, 0n);
      await expect(f.charity.connect(v1).approveMilestone(id, 0n))
        .to.be.revertedWithCustomError(f.charity, "AlreadyApproved")
        .withArgs(v1.address, id, 0n, 1n);
      expect((await f.charity.campaignOf(id)).released).to.equal(0n);
    });

    it("a new submission opens a new round: earlier approvals no longer count", async function () {
      const f = await loadFixture(fixture);
      const [v1, v2] = f.verifiers;
      const id = await created(f, [tokens(100)]);
      await f.charity.connect(f.donors[0]).donate(id, tokens(100));
      await f.charity.connect(f.beneficiary).submitEvidence(id, 0n, URI, HASH);
      await f.charity.connect(v1).approveMilestone(id, 0n);
      await f.charity.connect(f.beneficiary).submitEvidence(id, 0n, ["ipfs://better"], [HASH[0]]);
      await f.charity.connect(v2).approveMilestone(id, 0n);
      expect((await f.charity.campaignOf(id)).released).to.equal(0n);
      await expect(f.charity.connect(v1).approveMilestone(id, 0n)).to.emit(f.charity, "MilestoneReleased");
    });

    it("milestones release in order, only with evidence from the beneficiary, and only from what is held", async function () {
      const f = await loadFixture(fixture);
      const [v1, v2, v3] = f.verifiers;
      const id = await created(f, [tokens(100), tokens(50)]);
      await expect(f.charity.connect(f.beneficiary).submitEvidence(id, 1n, URI, HASH))
        .to.be.revertedWithCustomError(f.charity, "MilestoneOutOfOrder")
        .withArgs(1n, 0n);
      await expect(f.charity.connect(f.other).submitEvidence(id, 0n, URI, HASH))
        .to.be.revertedWithCustomError(f.charity, "NotBeneficiary")
        .withArgs(f.other.address, f.beneficiary.address);
      await expect(f.charity.connect(f.beneficiary).submitEvidence(id, 0n, URI, []))
        .to.be.revertedWithCustomError(f.charity, "InvalidEvidence")
        .withArgs(1n, 0n);
      await expect(f.charity.connect(v1).approveMilestone(id, 0n))
        .to.be.revertedWithCustomError(f.charity, "NoEvidence")
        .withArgs(id, 0n);
      await expect(f.charity.connect(v1).approveMilestone(id, 1n))
        .to.be.revertedWithCustomError(f.charity, "MilestoneOutOfOrder")
        .withArgs(1n, 0n);
      await f.charity.connect(f.donors[0]).donate(id, tokens(60));
      await f.charity.connect(f.beneficiary).submitEvidence(id, 0n, URI, HASH);
      await f.charity.connect(v1).approveMilestone(id, 0n);
      // Approved, but the campaign holds 60 of the 100: it waits for donations.
      await expect(f.charity.connect(v2).approveMilestone(id, 0n))
        .to.emit(f.charity, "MilestoneApproved")
        .and.not.to.emit(f.charity, "MilestoneReleased");
      await expect(f.charity.release(id))
        .to.be.revertedWithCustomError(f.charity, "InsufficientFunds")
        .withArgs(id, tokens(100), tokens(60));
      await f.charity.connect(f.donors[1]).donate(id, tokens(40));
      await expect(f.charity.connect(f.other).release(id))
        .to.emit(f.charity, "MilestoneReleased")
        .withArgs(id, 0n, f.beneficiary.address, tokens(100), tokens(100), tokens(100));
      // The third verifier's late approval of a released milestone is refused as out of order.
      await expect(f.charity.connect(v3).approveMilestone(id, 0n))
        .to.be.revertedWithCustomError(f.charity, "MilestoneOutOfOrder")
        .withArgs(0n, 1n);
    });

    it("attack 4: a Committee member of a later term, or one impeached after the snapshot, cannot approve", async function () {
      const f = await loadFixture(fixture);
      const [m1, m2, m3] = f.verifiers;
      await f.committee.setTerm(4n);
      await f.committee.setMembers(4n, [m1.address, m2.address, m3.address]);
      await f.committee.setMembers(5n, [f.other.address, f.keeper.address, f.deployer.address]);
      const id = await created(f, [tokens(100)], { committee: true });
      await f.charity.connect(f.donors[0]).donate(id, tokens(100));
      await expect(f.charity.connect(f.beneficiary).submitEvidence(id, 0n, URI, HASH))
        .to.emit(f.charity, "EvidenceSubmitted")
        .withArgs(id, 0n, 1n, URI, HASH, 4n, 3n, 2n);
      // Term 5 starts: its members were not sitting when the evidence came.
      await f.committee.setTerm(5n);
      await expect(f.charity.connect(f.other).approveMilestone(id, 0n))
        .to.be.revertedWithCustomError(f.charity, "NotVerifier")
        .withArgs(f.other.address, id, 0n);
      await f.charity.connect(m1).approveMilestone(id, 0n);
      await f.committee.empty(4n, 1n);
      await expect(f.charity.connect(m2).approveMilestone(id, 0n))
        .to.be.revertedWithCustomError(f.charity, "NotVerifier")
        .withArgs(m2.address, id, 0n);
      await expect(f.charity.connect(m1).approveMilestone(id, 0n)).to.be.revertedWithCustomError(
        f.charity,
        "AlreadyApproved",
      );
      await expect(f.charity.connect(m3).approveMilestone(id, 0n)).to.emit(f.charity, "MilestoneReleased");
    });

    it("audit F8: the beneficiary's and creator's Committee seats neither approve nor count toward the majority", async function () {
      const f = await loadFixture(fixture);
      const [ally, honest] = f.verifiers;
      await f.committee.setTerm(7n);
      await f.committee.setMembers(7n, [f.beneficiary.address, ally.address, honest.address, f.creator.address]);
      const id = await created(f, [tokens(300)], { committee: true });
      for (const d of f.donors) await f.charity.connect(d).donate(id, tokens(100));
      // Two independent seats (ally, honest): a majority is both of them.
      await expect(f.charity.connect(f.beneficiary).submitEvidence(id, 0n, URI, HASH))
        .to.emit(f.charity, "EvidenceSubmitted")
        .withArgs(id, 0n, 1n, URI, HASH, 7n, 2n, 2n);
      for (const party of [f.beneficiary, f.creator])
        await expect(f.charity.connect(party).approveMilestone(id, 0n))
          .to.be.revertedWithCustomError(f.charity, "NotVerifier")
          .withArgs(party.address, id, 0n);
      await expect(f.charity.connect(ally).approveMilestone(id, 0n)).not.to.emit(f.charity, "MilestoneReleased");
      await expect(f.charity.connect(honest).approveMilestone(id, 0n)).to.emit(f.charity, "MilestoneReleased");
      // A term of parties only has no one to verify.
      await f.committee.setTerm(8n);
      await f.committee.setMembers(8n, [f.beneficiary.address, f.creator.address]);
      const other = await created(f, [tokens(300)], { committee: true });
      await expect(f.charity.connect(f.beneficiary).submitEvidence(other, 0n, URI, HASH))
        .to.be.revertedWithCustomError(f.charity, "NoVerifiers")
        .withArgs(other, 8n);
    });

    it("a Committee campaign needs a seated committee when evidence comes", async function () {
      const f = await loadFixture(fixture);
      const id = await created(f, [tokens(100)], { committee: true });
      await f.committee.setTerm(2n);
      await expect(f.charity.connect(f.beneficiary).submitEvidence(id, 0n, URI, HASH))
        .to.be.revertedWithCustomError(f.charity, "NoVerifiers")
        .withArgs(id, 2n);
    });
  });

  describe("trace", function () {
    it("issue 18: a donation is traced to exactly the milestone payments it funded (pro rata when milestones mix donations)", async function () {
      const f = await loadFixture(fixture);
      const [a, b, c] = f.donors;
      const id = await created(f, [tokens(200), tokens(300), tokens(1000)]);
      await f.charity.connect(a).donate(id, tokens(100));
      await f.charity.connect(b).donate(id, tokens(300));
      await releaseNext(f, id); // 200 of 400: half of A and half of B
      await f.charity.connect(c).donate(id, tokens(400));
      const milestone = 1n;
      await f.charity.connect(f.beneficiary).submitEvidence(id, milestone, URI, HASH);
      await f.charity.connect(f.verifiers[0]).approveMilestone(id, milestone);
      await expect(f.charity.connect(f.verifiers[1]).approveMilestone(id, milestone))
        .to.emit(f.charity, "MilestoneReleased")
        .withArgs(id, 1n, f.beneficiary.address, tokens(300), tokens(800), tokens(600));
      // Payment 1 spends 300/600 of every unspent part: A 25, B 75, C 200.
      const trace = async (d: bigint) => {
        const [milestones, amounts, unspent] = await f.charity.traceOf(d);
        return { milestones: [...milestones], amounts: [...amounts], unspent };
      };
      expect(await trace(1n)).to.deep.equal({
        milestones: [0n, 1n],
        amounts: [tokens(50), tokens(25)],
        unspent: tokens(25),
      });
      expect(await trace(2n)).to.deep.equal({
        milestones: [0n, 1n],
        amounts: [tokens(150), tokens(75)],
        unspent: tokens(75),
      });
      expect(await trace(3n)).to.deep.equal({ milestones: [1n], amounts: [tokens(200)], unspent: tokens(200) });
      await expect(f.charity.traceOf(9n)).to.be.revertedWithCustomError(f.charity, "UnknownDonation").withArgs(9n);
    });
  });

  describe("refunds", function () {
    it("issue 18: a refund after a partial release returns exactly the unspent share to each donor", async function () {
      const f = await loadFixture(fixture);
      const [a, b, c] = f.donors;
      const id = await created(f, [tokens(300), tokens(700)]);
      await f.charity.connect(a).donate(id, tokens(100));
      await f.charity.connect(b).donate(id, tokens(200));
      await f.charity.connect(c).donate(id, tokens(300));
      await releaseNext(f, id); // 300 of 600: half of each
      const { deadline } = await f.charity.campaignOf(id);
      expect(await f.charity.refundableOf(1n)).to.equal(0n);
      await expect(f.charity.refund(id, 10n))
        .to.be.revertedWithCustomError(f.charity, "CampaignNotActive")
        .withArgs(id, Status.Active);
      await time.increaseTo(deadline);
      expect(await f.charity.stateOf(id)).to.deep.equal([BigInt(Status.Failed), BigInt(FailReason.GoalMissed)]);
      expect(await f.charity.refundsDue(id)).to.deep.equal([true, 3n]);
      expect(await f.charity.refundableOf(2n)).to.equal(tokens(100));
      const before = await Promise.all([a, b, c].map((d) => f.token.balanceOf(d)));
      await expect(f.charity.connect(f.keeper).refund(id, 10n))
        .to.emit(f.charity, "CampaignFailed")
        .withArgs(id, FailReason.GoalMissed, tokens(600), tokens(300))
        .and.to.emit(f.charity, "Refunded")
        .withArgs(1n, id, a.address, a.address, tokens(50), BOUNTY, f.keeper.address)
        .and.to.emit(f.charity, "Refunded")
        .withArgs(2n, id, b.address, b.address, tokens(100), BOUNTY, f.keeper.address)
        .and.to.emit(f.charity, "Refunded")
        .withArgs(3n, id, c.address, c.address, tokens(150), BOUNTY, f.keeper.address)
        .and.to.emit(f.rewards, "BountyPaid");
      const after = await Promise.all([a, b, c].map((d) => f.token.balanceOf(d)));
      expect(after.map((x, i) => x - before[i])).to.deep.equal(
        [tokens(50), tokens(100), tokens(150)].map((x) => x - BOUNTY),
      );
      const campaign = await f.charity.campaignOf(id);
      expect(campaign.status).to.equal(Status.Failed);
      expect(campaign.refunded).to.equal(tokens(300));
      expect(await f.charity.campaignBalance(id)).to.equal(0n);
      expect(await f.token.balanceOf(f.charity)).to.equal(0n);
      expect(await f.charity.refundsDue(id)).to.deep.equal([false, 0n]);
      expect((await f.charity.donationOf(3n)).refunded).to.equal(tokens(150));
    });

    it("attack 5: double refunds: a pushed donation cannot be claimed again, a second push does nothing and pays nothing", async function () {
      const f = await loadFixture(fixture);
      const [a, b] = f.donors;
      const id = await created(f, [tokens(1000)]);
      await f.charity.connect(a).donate(id, tokens(10));
      await f.charity.connect(b).donate(id, tokens(20));
      await f.charity.connect(f.creator).cancel(id);
      await f.charity.connect(b).claimRefund(2n, b.address);
      await expect(f.charity.connect(b).claimRefund(2n, b.address))
        .to.be.revertedWithCustomError(f.charity, "AlreadySettled")
        .withArgs(2n);
      const earned = await f.rewards.earnedBy(f.keeper);
      await expect(f.charity.connect(f.keeper).refund(id, 10n))
        .to.emit(f.rewards, "BountyPaid")
        .withArgs(
          encodeBytes32String("CharityCampaigns.refund"),
          f.keeper.address,
          await f.charity.getAddress(),
          1n,
          BOUNTY,
          1n,
          (left: bigint) => left > 0n,
        );
      expect((await f.rewards.earnedBy(f.keeper)) - earned).to.equal(BOUNTY);
      await expect(f.charity.connect(f.keeper).refund(id, 10n))
        .to.be.revertedWithCustomError(f.charity, "NotDue")
        .withArgs(0n, (n: bigint) => n > 0n);
      await expect(f.charity.connect(a).claimRefund(1n, a.address)).to.be.revertedWithCustomError(
        f.charity,
        "AlreadySettled",
      );
      expect(await f.token.balanceOf(f.charity)).to.equal(0n);
    });

    it("attack 6: the bounty is per donation refunded, the same in one batch or many, nothing for no work", async function () {
      const f = await loadFixture(fixture);
      const id = await created(f, [tokens(1000)]);
      for (const d of [...f.donors, ...f.donors]) await f.charity.connect(d).donate(id, tokens(5));
      await f.charity.connect(f.creator).cancel(id);
      await expect(f.charity.refund(id, 0n)).to.be.revertedWithCustomError(f.charity, "InvalidBatch").withArgs(0n);
      const snapshot = await networkHelpers.takeSnapshot();
      const start = await f.rewards.earnedBy(f.keeper);
      await f.charity.connect(f.keeper).refund(id, 6n);
      const oneBatch = (await f.rewards.earnedBy(f.keeper)) - start;
      await snapshot.restore();
      for (let i = 0; i < 3; i++) await f.charity.connect(f.keeper).refund(id, 2n);
      expect((await f.rewards.earnedBy(f.keeper)) - start).to.equal(oneBatch);
      expect(oneBatch).to.equal(6n * BOUNTY);
    });

    it("attack 7: a donor the token refuses to pay cannot stall the cursor; it claims to an address it names", async function () {
      const f = await loadFixture(fixture);
      await f.charity.connect(f.timelock).setDonationToken(f.stable, tokens(1));
      const [a, b] = f.donors;
      const id = await created(f, [tokens(1000)], { token: await f.stable.getAddress() });
      await f.charity.connect(a).donate(id, tokens(10));
      await f.charity.connect(b).donate(id, tokens(20));
      await f.charity.connect(f.creator).cancel(id);
      await f.stable.setBlocked(a, true);
      await expect(f.charity.connect(f.keeper).refund(id, 2n))
        .to.emit(f.charity, "RefundFailed")
        .withArgs(1n, id, a.address, tokens(10))
        .and.to.emit(f.charity, "Refunded")
        .withArgs(2n, id, b.address, b.address, tokens(20), 0n, f.keeper.address);
      expect((await f.charity.campaignOf(id)).refunded).to.equal(tokens(20));
      expect(await f.charity.refundableOf(1n)).to.equal(tokens(10));
      await expect(f.charity.connect(a).claimRefund(1n, ZeroAddress))
        .to.be.revertedWithCustomError(f.charity, "InvalidRecipient")
        .withArgs(ZeroAddress);
      await expect(f.charity.connect(a).claimRefund(1n, f.other.address))
        .to.emit(f.charity, "Refunded")
        .withArgs(1n, id, a.address, f.other.address, tokens(10), 0n, a.address);
      expect(await f.stable.balanceOf(f.other)).to.equal(tokens(10));
      expect(await f.charity.campaignBalance(id)).to.equal(0n);
    });

    it("attack 10: a self-made failing campaign with Sybil minimum donations earns its keeper nothing", async function () {
      // The attacker creates a campaign, donates the minimum from many accounts, cancels and pushes
      // the refunds itself: without a fee each refund is a bounty for gas alone (DESIGN §2).
      const f = await loadFixture(fixture);
      const sybils = f.donors;
      const id = await created(f, [tokens(1000)]);
      const holdings = async () => {
        let sum = await f.token.balanceOf(f.keeper);
        for (const s of sybils) sum += await f.token.balanceOf(s);
        return sum;
      };
      const before = await holdings();
      for (let round = 0; round < 4; round++)
        for (const s of sybils) await f.charity.connect(s).donate(id, MIN_DONATION);
      await f.charity.connect(f.creator).cancel(id);
      const budget = await f.rewards.budget();
      await expect(f.charity.connect(f.keeper).refund(id, 100n))
        .to.emit(f.charity, "Refunded")
        .withArgs(1n, id, sybils[0].address, sybils[0].address, MIN_DONATION, BOUNTY, f.keeper.address);
      expect(await holdings()).to.be.lte(before);
      expect(await f.rewards.budget()).to.be.gte(budget);
      expect(await f.rewards.earnedBy(f.keeper)).to.equal(12n * BOUNTY);
    });

    it("attack 11: donations spent down to dust by the attacker's own milestone earn no bounty", async function () {
      // Self-named verifiers release a milestone that spends almost everything; what is left of each
      // donation is below the fee, so its refund is paid whole and counts no unit of work.
      const f = await loadFixture(fixture);
      const id = await created(f, [tokens(30) - tokens(1) / 100n, tokens(1000)]);
      for (const d of f.donors) await f.charity.connect(d).donate(id, tokens(10));
      await releaseNext(f, id); // 29.99 of 30: each donation keeps 1/300 of a token, below BOUNTY
      await f.charity.connect(f.timelock).cancel(id);
      const earned = await f.rewards.earnedBy(f.keeper);
      const unspent = await f.charity.refundableOf(1n);
      expect(unspent).to.be.gt(0n).and.lt(BOUNTY);
      await expect(f.charity.connect(f.keeper).refund(id, 10n))
        .to.emit(f.charity, "Refunded")
        .withArgs(1n, id, f.donors[0].address, f.donors[0].address, unspent, 0n, f.keeper.address)
        .and.not.to.emit(f.rewards, "BountyPaid");
      expect(await f.rewards.earnedBy(f.keeper)).to.equal(earned);
      expect(await f.rewards.jobsOf(f.keeper)).to.equal(0n);
    });

    it("the refund fee's edge: a share exactly equal to the fee pays the donor nothing and counts one unit", async function () {
      const f = await loadFixture(fixture);
      const [a] = f.donors;
      const id = await created(f, [tokens(10) - BOUNTY, tokens(1000)]);
      await f.charity.connect(a).donate(id, tokens(10));
      await releaseNext(f, id);
      await f.charity.connect(f.timelock).cancel(id);
      expect(await f.charity.refundableOf(1n)).to.equal(BOUNTY);
      const before = await f.token.balanceOf(a);
      const jobs = await f.rewards.jobsOf(f.keeper);
      await expect(f.charity.connect(f.keeper).refund(id, 10n))
        .to.emit(f.charity, "Refunded")
        .withArgs(1n, id, a.address, a.address, BOUNTY, BOUNTY, f.keeper.address);
      expect(await f.token.balanceOf(a)).to.equal(before);
      expect(await f.rewards.jobsOf(f.keeper)).to.equal(jobs + 1n);
      expect(await f.token.balanceOf(f.charity)).to.equal(0n);
    });

    it("the refund fee: the donor gets its share less the bounty the keeper is paid, nothing taken from a donor's own claim", async function () {
      const f = await loadFixture(fixture);
      const [a, b] = f.donors;
      const id = await created(f, [tokens(1000)]);
      await f.charity.connect(a).donate(id, tokens(10));
      await f.charity.connect(b).donate(id, tokens(20));
      await f.charity.connect(f.creator).cancel(id);
      expect(await f.charity.refundFee(id)).to.equal(BOUNTY);
      const [aBefore, bBefore, rewardsBefore] = await Promise.all([
        f.token.balanceOf(a),
        f.token.balanceOf(b),
        f.token.balanceOf(f.rewards),
      ]);
      await expect(f.charity.connect(b).claimRefund(2n, b.address))
        .to.emit(f.charity, "Refunded")
        .withArgs(2n, id, b.address, b.address, tokens(20), 0n, b.address);
      await expect(f.charity.connect(f.keeper).refund(id, 10n))
        .to.emit(f.charity, "Refunded")
        .withArgs(1n, id, a.address, a.address, tokens(10), BOUNTY, f.keeper.address);
      expect((await f.token.balanceOf(a)) - aBefore).to.equal(tokens(10) - BOUNTY);
      expect((await f.token.balanceOf(b)) - bBefore).to.equal(tokens(20));
      // The fee went to KeeperRewards and paid the keeper's bounty: the budget is unchanged.
      expect(await f.token.balanceOf(f.rewards)).to.equal(rewardsBefore);
      expect((await f.charity.donationOf(1n)).refunded).to.equal(tokens(10));
      expect((await f.charity.campaignOf(id)).refunded).to.equal(tokens(30));
      expect(await f.token.balanceOf(f.charity)).to.equal(0n);
    });

    it("a campaign in another token refunds whole and pays no base-token bounty (no fee could fund it)", async function () {
      const f = await loadFixture(fixture);
      await f.charity.connect(f.timelock).setDonationToken(f.stable, tokens(1));
      const id = await created(f, [tokens(1000)], { token: await f.stable.getAddress() });
      await f.charity.connect(f.donors[0]).donate(id, tokens(10));
      await f.charity.connect(f.creator).cancel(id);
      expect(await f.charity.refundFee(id)).to.equal(0n);
      await expect(f.charity.connect(f.keeper).refund(id, 10n))
        .to.emit(f.charity, "Refunded")
        .withArgs(1n, id, f.donors[0].address, f.donors[0].address, tokens(10), 0n, f.keeper.address)
        .and.not.to.emit(f.rewards, "BountyPaid");
    });

    it("attack 8: a fee-on-transfer token cannot leave the campaign short of what it recorded", async function () {
      const f = await loadFixture(fixture);
      await f.charity.connect(f.timelock).setDonationToken(f.stable, tokens(1));
      const id = await created(f, [tokens(1000)], { token: await f.stable.getAddress() });
      await f.stable.setFee(100n);
      await expect(f.charity.connect(f.donors[0]).donate(id, tokens(100)))
        .to.be.revertedWithCustomError(f.charity, "TransferMismatch")
        .withArgs(tokens(100), tokens(99));
    });

    it("attack 9: only the creator cancels, and only before the first release (the Timelock at any time)", async function () {
      const f = await loadFixture(fixture);
      const id = await created(f, [tokens(100), tokens(100)]);
      await f.charity.connect(f.donors[0]).donate(id, tokens(150));
      await expect(f.charity.connect(f.beneficiary).cancel(id))
        .to.be.revertedWithCustomError(f.charity, "NotCreator")
        .withArgs(f.beneficiary.address, f.creator.address);
      await releaseNext(f, id);
      await expect(f.charity.connect(f.creator).cancel(id))
        .to.be.revertedWithCustomError(f.charity, "AlreadyReleased")
        .withArgs(id, tokens(100));
      await expect(f.charity.connect(f.timelock).cancel(id))
        .to.emit(f.charity, "CampaignCancelled")
        .withArgs(id, f.timelock.address);
      await expect(f.charity.connect(f.timelock).cancel(id))
        .to.be.revertedWithCustomError(f.charity, "CampaignNotActive")
        .withArgs(id, Status.Cancelled);
      await expect(f.charity.connect(f.beneficiary).submitEvidence(id, 1n, URI, HASH)).to.be.revertedWithCustomError(
        f.charity,
        "CampaignNotActive",
      );
      await f.charity.refund(id, 5n);
      expect((await f.charity.donationOf(1n)).refunded).to.equal(tokens(50));
    });

    it("a campaign that misses its release deadline fails; one that completes refunds what no milestone spent", async function () {
      const f = await loadFixture(fixture);
      const id = await created(f, [tokens(100), tokens(100)]);
      await f.charity.connect(f.donors[0]).donate(id, tokens(200));
      await releaseNext(f, id);
      const { releaseDeadline } = await f.charity.campaignOf(id);
      await time.increaseTo(releaseDeadline);
      expect(await f.charity.stateOf(id)).to.deep.equal([BigInt(Status.Failed), BigInt(FailReason.MilestonesMissed)]);
      await expect(f.charity.release(id)).to.be.revertedWithCustomError(f.charity, "CampaignNotActive");
      await expect(f.charity.refund(id, 1n))
        .to.emit(f.charity, "CampaignFailed")
        .withArgs(id, FailReason.MilestonesMissed, tokens(200), tokens(100));

      const done = await created(f, [tokens(100)]);
      await f.charity.connect(f.donors[0]).donate(done, tokens(90));
      await f.charity.connect(f.donors[1]).donate(done, tokens(60));
      await f.charity.connect(f.beneficiary).submitEvidence(done, 0n, URI, HASH);
      await f.charity.connect(f.verifiers[0]).approveMilestone(done, 0n);
      await expect(f.charity.connect(f.verifiers[1]).approveMilestone(done, 0n))
        .to.emit(f.charity, "CampaignCompleted")
        .withArgs(done, tokens(100), tokens(50));
      expect(await f.charity.refundableOf(2n)).to.equal(tokens(30));
      expect(await f.charity.refundableOf(3n)).to.equal(tokens(20));
      await f.charity.refund(done, 5n);
      expect(await f.charity.campaignBalance(done)).to.equal(0n);
    });

    it("a campaign spent in full refunds nothing and pays no bounty; claims before closing or of unknown donations are refused", async function () {
      const f = await loadFixture(fixture);
      const id = await created(f, [tokens(100)]);
      await f.charity.connect(f.donors[0]).donate(id, tokens(40));
      await expect(f.charity.connect(f.donors[0]).claimRefund(1n, f.donors[0].address))
        .to.be.revertedWithCustomError(f.charity, "CampaignNotActive")
        .withArgs(id, Status.Active);
      await expect(f.charity.claimRefund(7n, f.other.address))
        .to.be.revertedWithCustomError(f.charity, "UnknownDonation")
        .withArgs(7n);
      await f.charity.connect(f.donors[1]).donate(id, tokens(60));
      await releaseNext(f, id);
      expect(await f.charity.refundsDue(id)).to.deep.equal([false, 2n]);
      expect(await f.charity.refundableOf(1n)).to.equal(0n);
      await expect(f.charity.connect(f.keeper).refund(id, 1n)).not.to.emit(f.rewards, "BountyPaid");
      await expect(f.charity.connect(f.donors[1]).claimRefund(2n, f.donors[1].address))
        .to.emit(f.charity, "Refunded")
        .withArgs(2n, id, f.donors[1].address, f.donors[1].address, 0n, 0n, f.donors[1].address);
      expect((await f.charity.donationOf(1n)).settled).to.equal(true);
      expect(await f.charity.refundsDue(99n)).to.deep.equal([false, 0n]);
      const [milestones, amounts, unspent] = await f.charity.traceOf(1n);
      expect([[...milestones], [...amounts], unspent]).to.deep.equal([[0n], [tokens(40)], 0n]);
    });

    it("refuses more verifiers than the maximum and the Committee where there is none", async function () {
      const f = await loadFixture(fixture);
      const many = Array.from({ length: 33 }, (_, i) =>
        ethers.getAddress(`0x${(i + 1).toString(16).padStart(40, "0")}`),
      );
      await expect(f.charity.connect(f.creator).createCampaign(await params(f, [tokens(1)], { verifiers: many })))
        .to.be.revertedWithCustomError(f.charity, "InvalidVerifierCount")
        .withArgs(33n, 32n);
      const lone = await ethers.deployContract("CharityCampaigns", [
        f.token,
        f.rewards,
        ZeroAddress,
        f.timelock.address,
        1n,
      ]);
      await expect(
        lone.connect(f.creator).createCampaign(await params(f, [tokens(1)], { committee: true })),
      ).to.be.revertedWithCustomError(lone, "NoCommittee");
      await expect(
        ethers.deployContract("CharityCampaigns", [f.token, f.rewards, ZeroAddress, f.timelock.address, 0n]),
      ).to.be.revertedWithCustomError(lone, "DonationTooSmall");
      const huge = (1n << 127n) + 1n;
      await expect(
        f.charity.connect(f.creator).createCampaign(await params(f, [huge, huge])),
      ).to.be.revertedWithCustomError(f.charity, "InvalidMilestoneAmount");
    });

    it("governance: only the Timelock allow-lists tokens; the base token is never removed", async function () {
      const f = await loadFixture(fixture);
      await expect(f.charity.connect(f.other).setDonationToken(f.stable, 1n))
        .to.be.revertedWithCustomError(f.charity, "NotTimelock")
        .withArgs(f.other.address, f.timelock.address);
      await expect(f.charity.connect(f.timelock).setDonationToken(f.token, 0n))
        .to.be.revertedWithCustomError(f.charity, "TokenNotAllowed")
        .withArgs(await f.token.getAddress());
      await expect(f.charity.connect(f.timelock).setDonationToken(ZeroAddress, 1n)).to.be.revertedWithCustomError(
        f.charity,
        "TokenNotAllowed",
      );
      await expect(f.charity.connect(f.timelock).setDonationToken(f.stable, 5n))
        .to.emit(f.charity, "DonationTokenSet")
        .withArgs(await f.stable.getAddress(), 5n);
      expect(await f.charity.minDonationOf(f.stable)).to.equal(5n);
    });
  });

  describe("charity sales (DutchAuction)", function () {
    it("the price a buyer pays becomes a donation whose donor is the seller", async function () {
      const f = await loadFixture(fixture);
      const id = await created(f, [tokens(500)]);
      await expect(
        f.auctions.connect(f.seller).createCharityAuction(f.collection, 1n, tokens(100), tokens(20), 1000n, id),
      )
        .to.emit(f.auctions, "AuctionCreated")
        .and.to.emit(f.auctions, "CharityAuctionCreated")
        .withArgs(1n, id);
      expect(await f.auctions.campaignOf(1n)).to.equal(id);
      const sellerBefore = await f.token.balanceOf(f.seller);
      const price = await f.auctions.priceOf(1n);
      const tx = f.auctions.connect(f.buyer).buy(1n, tokens(100));
      await expect(tx)
        .to.emit(f.auctions, "AuctionSold")
        .and.to.emit(f.auctions, "CharityProceeds")
        .withArgs(1n, id, 1n, (p: bigint) => p <= price)
        .and.to.emit(f.charity, "DonationReceived")
        .withArgs(
          1n,
          id,
          f.seller.address,
          await f.auctions.getAddress(),
          (p: bigint) => p <= price,
          0n,
          (p: bigint) => p <= price,
        );
      expect(await f.token.balanceOf(f.seller)).to.equal(sellerBefore);
      expect(await f.collection.ownerOf(1n)).to.equal(f.buyer.address);
      expect(await f.charity.ownerOf(1n)).to.equal(f.seller.address);
      expect(await f.token.balanceOf(f.auctions)).to.equal(0n);
      expect(await f.token.allowance(f.auctions, f.charity)).to.equal(0n);
    });

    it("pays the seller when the campaign no longer accepts the donation; refuses a campaign that cannot take it", async function () {
      const f = await loadFixture(fixture);
      const id = await created(f, [tokens(500)]);
      await expect(
        f.auctions.connect(f.seller).createCharityAuction(f.collection, 1n, tokens(100), tokens(20), 1000n, 99n),
      )
        .to.be.revertedWithCustomError(f.auctions, "CampaignNotAccepting")
        .withArgs(99n);
      await f.charity.connect(f.timelock).setDonationToken(f.stable, tokens(1));
      const stableCampaign = await created(f, [tokens(500)], { token: await f.stable.getAddress() });
      await expect(
        f.auctions
          .connect(f.seller)
          .createCharityAuction(f.collection, 1n, tokens(100), tokens(20), 1000n, stableCampaign),
      ).to.be.revertedWithCustomError(f.auctions, "CampaignNotAccepting");
      await f.auctions.connect(f.seller).createCharityAuction(f.collection, 1n, tokens(100), tokens(20), 1000n, id);
      await f.charity.connect(f.creator).cancel(id);
      const sellerBefore = await f.token.balanceOf(f.seller);
      await expect(f.auctions.connect(f.buyer).buy(1n, tokens(100)))
        .to.emit(f.auctions, "CharityProceedsToSeller")
        .withArgs(1n, id, (p: bigint) => p > 0n);
      expect(await f.token.balanceOf(f.seller)).to.be.greaterThan(sellerBefore);
      expect(await f.charity.donationCount()).to.equal(0n);
      // A plain auction is unchanged.
      await f.auctions.connect(f.seller).createAuction(f.collection, 2n, tokens(10), tokens(1), 1000n);
      expect(await f.auctions.campaignOf(2n)).to.equal(0n);
    });

    it("an auction without a CharityCampaigns refuses charity sales", async function () {
      const f = await loadFixture(fixture);
      const plain = await ethers.deployContract("DutchAuction", [f.token, f.collections, ZeroAddress]);
      await expect(
        plain.connect(f.seller).createCharityAuction(f.collection, 1n, tokens(100), tokens(20), 1000n, 1n),
      ).to.be.revertedWithCustomError(plain, "NoCharity");
    });
  });
});
