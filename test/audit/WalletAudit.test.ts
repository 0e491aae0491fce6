// Outside audit of issue 17 (RecoverableWallet + WalletFactory), docs/audit-accounts-report.md.
// Fixed attacks (W1, W1b, W2, W2b) assert the defence; W3 is a residual (informational).
import { expect } from "chai";
import { ZeroHash } from "ethers";
import { network } from "hardhat";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;

const DAY = 86_400n;
const DELAY = 7n * DAY;
const MIN_DELAY = DAY;

async function fixture() {
  const [deployer, seller, buyer, g1, g2, g3, g4, accomplice, stranger] = await ethers.getSigners();
  const factory = await ethers.deployContract("WalletFactory", [DELAY, MIN_DELAY]);
  const guardians = [g1.address, g2.address, g3.address];
  const address = await factory.predictWallet(seller.address, guardians, 2n, DELAY, ZeroHash);
  await factory.createWallet(seller.address, guardians, 2n, DELAY, ZeroHash);
  const wallet = await ethers.getContractAt("RecoverableWallet", address);
  return { factory, wallet, deployer, seller, buyer, g1, g2, g3, g4, accomplice, stranger, guardians };
}

describe("AccountsAudit (wallet)", function () {
  it("attack W1 (fixed): a recovery ripened before transferOwnership is superseded by the hand-over", async function () {
    const { wallet, seller, buyer, g1, g2, accomplice, stranger } = await networkHelpers.loadFixture(fixture);
    // The seller's own guardians (friends) prepare a recovery to the seller's accomplice; the seller,
    // still owner, simply does not cancel it and lets the delay run out.
    await wallet.connect(g1).proposeRecovery(accomplice.address);
    await wallet.connect(g2).approveRecovery(1n);
    await time.increase(DELAY);
    // The wallet (with everything it holds: stakes, leases, non-transferable positions) is handed
    // to the buyer, e.g. against payment.
    await wallet.connect(seller).transferOwnership(buyer.address);
    expect(await wallet.owner()).to.equal(buyer.address);
    // The old recovery is still pending and ripe: anyone executes it in the next transaction; the
    // buyer, owner for one block, never had a chance to cancel.
    expect((await wallet.getRecovery(1n)).status).to.not.equal(1n); // no longer Pending: Superseded
    await expect(wallet.connect(stranger).executeRecovery(1n)).to.be.revertedWithCustomError(
      wallet,
      "RecoveryNotPending",
    );
    expect(await wallet.owner()).to.equal(buyer.address);
    void accomplice;
  });

  it("attack W1b (fixed): a guardian change ripened before transferOwnership ends with the hand-over", async function () {
    const { wallet, seller, buyer, g3, g4, accomplice, stranger } = await networkHelpers.loadFixture(fixture);
    // The seller proposes a set of two colluding guardians and waits the delay.
    await wallet.connect(seller).proposeGuardianChange([g4.address, g3.address], 2n, DELAY);
    await time.increase(DELAY);
    await wallet.connect(seller).transferOwnership(buyer.address);
    // Next transaction, before the buyer can cancel: the seller's set is in force.
    await expect(wallet.connect(stranger).applyGuardianChange()).to.be.revertedWithCustomError(
      wallet,
      "NoChangePending",
    );
    expect(await wallet.isGuardian(g4.address)).to.equal(false);
    void accomplice;
  });

  it("attack W2 (fixed): a guardian change stops a recovery's clock; the next approval at M starts a full delay", async function () {
    const { wallet, seller, g1, g2, g3, g4, accomplice } = await networkHelpers.loadFixture(fixture);
    // The owner starts replacing g2 (e.g. a lost key) with g4; the change is ready in DELAY.
    await wallet.connect(seller).proposeGuardianChange([g1.address, g3.address, g4.address], 2n, DELAY);
    await time.increase(60);
    // Meanwhile g1 and g2 approve a recovery: its delay starts.
    await wallet.connect(g1).proposeRecovery(accomplice.address);
    await wallet.connect(g2).approveRecovery(1n);
    const readyAt = (await wallet.getRecovery(1n)).readyAt;
    // The change removes g2: the recovery has one approval of the guardians in force, below M = 2.
    await time.increase(DELAY - 60n);
    await wallet.applyGuardianChange();
    let info = await wallet.getRecovery(1n);
    expect(info.approvals).to.equal(1n);
    // readyAt was not reset (only revokeApproval resets it): the documented rule "the M-th approval
    // after it starts a full delay again" does not hold for a drop by guardian change.
    expect(info.readyAt).to.equal(0n);
    await time.increaseTo(readyAt + 3600n);
    // g3's approval is now the M-th one: the owner gets no delay at all from the moment the
    // recovery can succeed; it executes in the very next transaction.
    await wallet.connect(g3).approveRecovery(1n);
    const approvedAt = BigInt(await time.latest());
    info = await wallet.getRecovery(1n);
    expect(info.approvals).to.equal(2n);
    expect(info.readyAt).to.equal(approvedAt + DELAY);
    await expect(wallet.executeRecovery(1n)).to.be.revertedWithCustomError(wallet, "RecoveryNotReady");
    await time.increaseTo(approvedAt + DELAY);
    await wallet.executeRecovery(1n);
    expect(await wallet.owner()).to.equal(accomplice.address);
  });

  it("attack W2b (fixed): raising the threshold stops the clock; the 3rd approval starts a full delay", async function () {
    const { wallet, seller, g1, g2, g3, accomplice } = await networkHelpers.loadFixture(fixture);
    await wallet.connect(seller).proposeGuardianChange([g1.address, g2.address, g3.address], 3n, DELAY);
    await time.increase(60);
    await wallet.connect(g1).proposeRecovery(accomplice.address);
    await wallet.connect(g2).approveRecovery(1n);
    await time.increase(DELAY);
    await wallet.applyGuardianChange(); // M = 3 now: 2 approvals are not enough
    await expect(wallet.executeRecovery(1n)).to.be.revertedWithCustomError(wallet, "NotEnoughApprovals");
    await wallet.connect(g3).approveRecovery(1n); // the 3rd approval: a new delay
    await expect(wallet.executeRecovery(1n)).to.be.revertedWithCustomError(wallet, "RecoveryNotReady");
    await time.increase(DELAY);
    await wallet.executeRecovery(1n);
    expect(await wallet.owner()).to.equal(accomplice.address);
  });

  it("attack W3 (info): anyone creates a wallet owned by a victim with guardians of their choosing, which they recover after the delay", async function () {
    const { factory, buyer: victim, g4, accomplice, stranger } = await networkHelpers.loadFixture(fixture);
    const evil = [g4.address, stranger.address];
    const address = await factory.predictWallet(victim.address, evil, 2n, DAY, ZeroHash);
    await expect(factory.connect(stranger).createWallet(victim.address, evil, 2n, DAY, ZeroHash))
      .to.emit(factory, "WalletCreated")
      .withArgs(address, victim.address, evil, 2n, DAY);
    const wallet = await ethers.getContractAt("RecoverableWallet", address);
    // Listed as the victim's wallet (WalletCreated names the victim as owner); funds sent to it are
    // the attackers' after one minimum delay unless the victim watches a wallet it never made.
    await stranger.sendTransaction({ to: address, value: 10n ** 18n });
    await wallet.connect(g4).proposeRecovery(accomplice.address);
    await wallet.connect(stranger).approveRecovery(1n);
    await time.increase(DAY);
    await wallet.executeRecovery(1n);
    expect(await wallet.owner()).to.equal(accomplice.address);
  });
});
