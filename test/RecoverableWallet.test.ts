// RecoverableWallet and WalletFactory (DESIGN §13, issue 17): clones, owner calls, ERC-1271,
// receivers, M-of-N recovery with its delay and the owner's cancel, delayed guardian changes, the
// attacks of the brief, and a recovered wallet keeping a stake, a lease and a vesting schedule.
import { expect } from "chai";
import { AbiCoder, keccak256, TypedDataEncoder, Wallet as KeyWallet, ZeroAddress, ZeroHash } from "ethers";
import { network } from "hardhat";
import { deployStaking, MIN_STAKE } from "./helpers/stakingFixture.ts";
import { deployStorage, fullLength, leaseData, mineBlocks, tokens } from "./helpers/storageFixture.ts";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;

const DAY = 86_400n;
const DELAY = 7n * DAY;
const MIN_DELAY = DAY;
const MAX_DELAY = 365n * DAY;
const STATUS = { None: 0n, Pending: 1n, Cancelled: 2n, Executed: 3n, Superseded: 4n } as const;
const SALT = keccak256(AbiCoder.defaultAbiCoder().encode(["string"], ["wallet one"]));

async function deployFactory() {
  const [deployer, owner, g1, g2, g3, g4, heir, stranger] = await ethers.getSigners();
  const factory = await ethers.deployContract("WalletFactory", [DELAY, MIN_DELAY]);
  const implementation = await ethers.getContractAt("RecoverableWallet", await factory.implementation());
  const guardians = [g1.address, g2.address, g3.address];
  /** Creates a wallet of `who` with `list` (2 of 3 by default) and returns it. */
  async function create(who = owner.address, list = guardians, threshold = 2n, delay = DELAY, salt = SALT) {
    const address = await factory.predictWallet(who, list, threshold, delay, salt);
    await factory.createWallet(who, list, threshold, delay, salt);
    return ethers.getContractAt("RecoverableWallet", address);
  }
  const wallet = await create();
  const target = await ethers.deployContract("WalletTestTarget");
  return {
    factory,
    implementation,
    wallet,
    target,
    create,
    deployer,
    owner,
    g1,
    g2,
    g3,
    g4,
    heir,
    stranger,
    guardians,
  };
}

type Suite = Awaited<ReturnType<typeof deployFactory>>;
type WalletContract = Suite["wallet"];

/** g1 proposes `heir`, g2 approves: the delay starts at g2's approval. Returns id and readyAt. */
async function recoverWithTwo(suite: Suite, wallet: WalletContract = suite.wallet) {
  const id = (await wallet.recoveryCount()) + 1n;
  await wallet.connect(suite.g1).proposeRecovery(suite.heir.address);
  await wallet.connect(suite.g2).approveRecovery(id);
  const readyAt = BigInt(await time.latest()) + (await wallet.delay());
  return { id, readyAt };
}

describe("RecoverableWallet", function () {
  const fixture = () => deployFactory();

  describe("factory and initialization", function () {
    it("creates a clone at the predicted address, initialized, with WalletCreated", async function () {
      const { factory, owner, guardians } = await networkHelpers.loadFixture(fixture);
      const salt = ZeroHash;
      const predicted = await factory.predictWallet(owner.address, guardians, 3, 2n * DAY, salt);
      await expect(factory.createWallet(owner.address, guardians, 3, 2n * DAY, salt))
        .to.emit(factory, "WalletCreated")
        .withArgs(predicted, owner.address, guardians, 3n, 2n * DAY);
      const wallet = await ethers.getContractAt("RecoverableWallet", predicted);
      expect(await wallet.owner()).to.equal(owner.address);
      expect(await wallet.guardians()).to.deep.equal(guardians);
      expect(await wallet.threshold()).to.equal(3n);
      expect(await wallet.delay()).to.equal(2n * DAY);
      expect(await wallet.minDelay()).to.equal(MIN_DELAY);
      expect(await wallet.isGuardian(guardians[0])).to.equal(true);
      expect(await wallet.isGuardian(owner.address)).to.equal(false);
      expect(await wallet.recoveryCount()).to.equal(0n);
      // An EIP-1167 clone: 45 bytes delegating to the implementation.
      const code = await ethers.provider.getCode(predicted);
      expect((code.length - 2) / 2).to.equal(45);
      expect(code.toLowerCase()).to.contain((await factory.implementation()).slice(2).toLowerCase());
      expect(await factory.defaultDelay()).to.equal(DELAY);
      expect(await factory.minDelay()).to.equal(MIN_DELAY);
    });

    it("delay zero takes the factory's default; the same arguments cannot create twice", async function () {
      const { factory, owner, guardians } = await networkHelpers.loadFixture(fixture);
      const salt = ZeroHash;
      const predicted = await factory.predictWallet(owner.address, guardians, 2, 0, salt);
      expect(predicted).to.equal(await factory.predictWallet(owner.address, guardians, 2, DELAY, salt));
      await expect(factory.createWallet(owner.address, guardians, 2, 0, salt))
        .to.emit(factory, "WalletCreated")
        .withArgs(predicted, owner.address, guardians, 2n, DELAY);
      await expect(factory.createWallet(owner.address, guardians, 2, 0, salt)).to.be.revertedWithCustomError(
        factory,
        "FailedDeployment",
      );
    });

    it("refuses a default delay below the minimum", async function () {
      const factory = await ethers.deployContract("WalletFactory", [DELAY, MIN_DELAY]);
      const Factory = await ethers.getContractFactory("WalletFactory");
      await expect(Factory.deploy(MIN_DELAY - 1n, MIN_DELAY))
        .to.be.revertedWithCustomError(factory, "InvalidDefaultDelay")
        .withArgs(MIN_DELAY - 1n, MIN_DELAY);
      await expect(Factory.deploy(MAX_DELAY + 1n, MIN_DELAY))
        .to.be.revertedWithCustomError(factory, "InvalidDefaultDelay")
        .withArgs(MAX_DELAY + 1n, MIN_DELAY);
    });

    it("attack: taking a counterfactual wallet first with other guardians lands at another address", async function () {
      const { factory, owner, g1, g2, g3, stranger } = await networkHelpers.loadFixture(fixture);
      const mine = await factory.predictWallet(owner.address, [g1.address, g2.address, g3.address], 2, 0, ZeroHash);
      // The attacker copies owner and salt but names its own guardians (and so could recover it).
      const attackers = [stranger.address, g1.address];
      await factory.connect(stranger).createWallet(owner.address, attackers, 2, 0, ZeroHash);
      const theirs = await factory.predictWallet(owner.address, attackers, 2, 0, ZeroHash);
      expect(theirs).to.not.equal(mine);
      expect(await ethers.provider.getCode(mine)).to.equal("0x");
      // A lower threshold or another delay moves the address too.
      expect(
        await factory.predictWallet(owner.address, [g1.address, g2.address, g3.address], 3, 0, ZeroHash),
      ).to.not.equal(mine);
      expect(
        await factory.predictWallet(owner.address, [g1.address, g2.address, g3.address], 2, 2n * DAY, ZeroHash),
      ).to.not.equal(mine);
      await factory.createWallet(owner.address, [g1.address, g2.address, g3.address], 2, 0, ZeroHash);
      expect(await (await ethers.getContractAt("RecoverableWallet", mine)).owner()).to.equal(owner.address);
    });

    it("attack: reinitializing a clone or initializing the implementation is refused", async function () {
      const { wallet, implementation, stranger, g1, g2 } = await networkHelpers.loadFixture(fixture);
      await expect(
        wallet.connect(stranger).initialize(stranger.address, [g1.address, g2.address], 2, DELAY),
      ).to.be.revertedWithCustomError(wallet, "InvalidInitialization");
      await expect(
        implementation.connect(stranger).initialize(stranger.address, [g1.address, g2.address], 2, DELAY),
      ).to.be.revertedWithCustomError(implementation, "InvalidInitialization");
      expect(await implementation.owner()).to.equal(ZeroAddress);
    });

    it("refuses every bad configuration with the offending value", async function () {
      const { factory, wallet, owner, g1, g2, g3 } = await networkHelpers.loadFixture(fixture);
      const make = (who: string, list: string[], m: bigint | number, d: bigint) =>
        factory.createWallet(who, list, m, d, ZeroHash);
      const pair = [g1.address, g2.address];
      await expect(make(ZeroAddress, pair, 2, DELAY))
        .to.be.revertedWithCustomError(wallet, "InvalidOwner")
        .withArgs(ZeroAddress);
      // DESIGN: M >= 2, so that no guardian alone can take the wallet.
      await expect(make(owner.address, pair, 1, DELAY))
        .to.be.revertedWithCustomError(wallet, "InvalidThreshold")
        .withArgs(1n, 2n);
      await expect(make(owner.address, [g1.address], 1, DELAY))
        .to.be.revertedWithCustomError(wallet, "InvalidThreshold")
        .withArgs(1n, 1n);
      await expect(make(owner.address, pair, 3, DELAY))
        .to.be.revertedWithCustomError(wallet, "InvalidThreshold")
        .withArgs(3n, 2n);
      await expect(make(owner.address, [g1.address, g2.address, g1.address], 2, DELAY))
        .to.be.revertedWithCustomError(wallet, "DuplicateGuardian")
        .withArgs(g1.address);
      await expect(make(owner.address, [g1.address, ZeroAddress], 2, DELAY))
        .to.be.revertedWithCustomError(wallet, "InvalidGuardian")
        .withArgs(ZeroAddress);
      await expect(make(owner.address, [g1.address, owner.address], 2, DELAY))
        .to.be.revertedWithCustomError(wallet, "InvalidGuardian")
        .withArgs(owner.address);
      await expect(make(owner.address, [g1.address, g3.address], 2, MIN_DELAY - 1n))
        .to.be.revertedWithCustomError(wallet, "InvalidDelay")
        .withArgs(MIN_DELAY - 1n, MIN_DELAY, MAX_DELAY);
      await expect(make(owner.address, [g1.address, g3.address], 2, MAX_DELAY + 1n))
        .to.be.revertedWithCustomError(wallet, "InvalidDelay")
        .withArgs(MAX_DELAY + 1n, MIN_DELAY, MAX_DELAY);
      const many = Array.from({ length: 17 }, (_, i) => ethers.zeroPadValue(ethers.toBeHex(i + 1), 20));
      await expect(make(owner.address, many, 2, DELAY))
        .to.be.revertedWithCustomError(wallet, "TooManyGuardians")
        .withArgs(17n, 16n);
      await expect(make(owner.address, many.slice(0, 16), 16, MAX_DELAY)).to.emit(factory, "WalletCreated");
    });
  });

  describe("owner calls", function () {
    it("executes a call with value, returns its result and emits Executed", async function () {
      const { wallet, target, owner } = await networkHelpers.loadFixture(fixture);
      await owner.sendTransaction({ to: await wallet.getAddress(), value: 10n ** 18n });
      const data = target.interface.encodeFunctionData("ping");
      expect(await wallet.connect(owner).execute.staticCall(await target.getAddress(), 5n, data)).to.equal(
        AbiCoder.defaultAbiCoder().encode(["uint256"], [1n]),
      );
      await expect(wallet.connect(owner).execute(await target.getAddress(), 5n, data))
        .to.emit(wallet, "Executed")
        .withArgs(await target.getAddress(), 5n, data.slice(0, 10));
      expect(await target.calls()).to.equal(1n);
      expect(await target.received()).to.equal(5n);
    });

    it("sends ETH to an account without code; refuses more than its balance", async function () {
      const { wallet, owner, stranger } = await networkHelpers.loadFixture(fixture);
      await owner.sendTransaction({ to: await wallet.getAddress(), value: 100n });
      const before = await ethers.provider.getBalance(stranger.address);
      await expect(wallet.connect(owner).execute(stranger.address, 60n, "0x"))
        .to.emit(wallet, "Executed")
        .withArgs(stranger.address, 60n, "0x00000000");
      expect(await ethers.provider.getBalance(stranger.address)).to.equal(before + 60n);
      await expect(wallet.connect(owner).execute(stranger.address, 41n, "0x"))
        .to.be.revertedWithCustomError(wallet, "InsufficientBalance")
        .withArgs(40n, 41n);
    });

    it("bubbles the inner revert reason unchanged, in a call and in a batch", async function () {
      const { wallet, target, owner } = await networkHelpers.loadFixture(fixture);
      const refuse = target.interface.encodeFunctionData("refuse", [7n]);
      await expect(wallet.connect(owner).execute(await target.getAddress(), 0, refuse))
        .to.be.revertedWithCustomError(target, "Refused")
        .withArgs(7n);
      const ping = target.interface.encodeFunctionData("ping");
      const t = await target.getAddress();
      await expect(
        wallet.connect(owner).executeBatch([
          { target: t, value: 0, data: ping },
          { target: t, value: 0, data: refuse },
        ]),
      )
        .to.be.revertedWithCustomError(target, "Refused")
        .withArgs(7n);
      expect(await target.calls()).to.equal(0n, "all or nothing");
      const results = await wallet.connect(owner).executeBatch.staticCall([
        { target: t, value: 0, data: ping },
        { target: t, value: 0, data: ping },
      ]);
      expect(results.map((r: string) => BigInt(r))).to.deep.equal([1n, 2n]);
      await expect(
        wallet.connect(owner).executeBatch([
          { target: t, value: 0, data: ping },
          { target: t, value: 0, data: ping },
        ]),
      )
        .to.emit(wallet, "Executed")
        .withArgs(t, 0n, ping.slice(0, 10));
      expect(await target.calls()).to.equal(2n);
    });

    it("refuses calls, batches, transfers and changes from anyone but the owner", async function () {
      const { wallet, target, g1, stranger } = await networkHelpers.loadFixture(fixture);
      const t = await target.getAddress();
      for (const who of [g1, stranger]) {
        await expect(wallet.connect(who).execute(t, 0, "0x"))
          .to.be.revertedWithCustomError(wallet, "NotOwner")
          .withArgs(who.address);
        await expect(wallet.connect(who).executeBatch([])).to.be.revertedWithCustomError(wallet, "NotOwner");
        await expect(wallet.connect(who).transferOwnership(who.address)).to.be.revertedWithCustomError(
          wallet,
          "NotOwner",
        );
        await expect(
          wallet.connect(who).proposeGuardianChange([g1.address, stranger.address], 2, DELAY),
        ).to.be.revertedWithCustomError(wallet, "NotOwner");
        await expect(wallet.connect(who).cancelGuardianChange()).to.be.revertedWithCustomError(wallet, "NotOwner");
        await expect(wallet.connect(who).cancelRecovery(1)).to.be.revertedWithCustomError(wallet, "NotOwner");
      }
    });

    it("the owner transfers ownership at once, to no guardian, zero or the wallet", async function () {
      const { wallet, owner, heir, g1 } = await networkHelpers.loadFixture(fixture);
      const self = await wallet.getAddress();
      for (const bad of [ZeroAddress, self, g1.address]) {
        await expect(wallet.connect(owner).transferOwnership(bad))
          .to.be.revertedWithCustomError(wallet, "InvalidOwner")
          .withArgs(bad);
      }
      await expect(wallet.connect(owner).transferOwnership(heir.address))
        .to.emit(wallet, "OwnerChanged")
        .withArgs(owner.address, heir.address);
      expect(await wallet.owner()).to.equal(heir.address);
    });

    it("receives ETH, ERC-721 and ERC-1155 tokens and answers ERC-165", async function () {
      const { wallet, owner } = await networkHelpers.loadFixture(fixture);
      const address = await wallet.getAddress();
      await owner.sendTransaction({ to: address, value: 1n });
      expect(await ethers.provider.getBalance(address)).to.equal(1n);
      const nft = await ethers.deployContract("WalletTestNFT");
      await nft.safeMint(address, 42n);
      expect(await nft.ownerOf(42n)).to.equal(address);
      const multi = await ethers.deployContract("WalletTestMultiToken");
      await multi.mint(address, 1n, 5n);
      await multi.mintBatch(address, [2n, 3n], [6n, 7n]);
      expect(await multi.balanceOf(address, 3n)).to.equal(7n);
      for (const id of ["0x01ffc9a7", "0x150b7a02", "0x4e2312e0", "0x1626ba7e"]) {
        expect(await wallet.supportsInterface(id)).to.equal(true, id);
      }
      expect(await wallet.supportsInterface("0xffffffff")).to.equal(false);
      expect(await wallet.supportsInterface("0x12345678")).to.equal(false);
    });
  });

  describe("ERC-1271", function () {
    const MAGIC = "0x1626ba7e";
    const NOPE = "0xffffffff";
    async function keyedWallets() {
      const suite = await deployFactory();
      const key = KeyWallet.createRandom();
      const a = await suite.create(key.address, suite.guardians, 2n, DELAY, ZeroHash);
      const b = await suite.create(key.address, suite.guardians, 2n, DELAY, SALT);
      return { ...suite, key, a, b };
    }

    it("accepts the owner's signature of the hash wrapped in the wallet's EIP-712 domain", async function () {
      const { key, a } = await networkHelpers.loadFixture(keyedWallets);
      const hash = keccak256("0x1234");
      const digest = await a.messageHash(hash);
      const { chainId } = await ethers.provider.getNetwork();
      const domain = { name: "RecoverableWallet", version: "1", chainId, verifyingContract: await a.getAddress() };
      const types = { RecoverableWalletMessage: [{ name: "hash", type: "bytes32" }] };
      expect(digest).to.equal(TypedDataEncoder.hash(domain, types, { hash }));
      const signature = await key.signTypedData(domain, types, { hash });
      expect(await a.isValidSignature(hash, signature)).to.equal(MAGIC);
      expect(await a.isValidSignature(keccak256("0x1235"), signature)).to.equal(NOPE);
      // The bare hash signed (no domain) is not the wallet's signature.
      expect(await a.isValidSignature(hash, key.signingKey.sign(hash).serialized)).to.equal(NOPE);
      expect(await a.isValidSignature(hash, "0x1234")).to.equal(NOPE);
      const domainInfo = await a.eip712Domain();
      expect(domainInfo.verifyingContract).to.equal(await a.getAddress());
      expect(domainInfo.name).to.equal("RecoverableWallet");
    });

    it("attack: replaying one wallet's signature on another wallet of the same owner fails", async function () {
      const { key, a, b } = await networkHelpers.loadFixture(keyedWallets);
      const hash = keccak256("0xabcd");
      const signature = key.signingKey.sign(await a.messageHash(hash)).serialized;
      expect(await a.isValidSignature(hash, signature)).to.equal(MAGIC);
      expect(await b.isValidSignature(hash, signature)).to.equal(NOPE);
      // On another chain the domain differs: the same wallet address gives another digest.
      const other = { name: "RecoverableWallet", version: "1", chainId: 1n, verifyingContract: await a.getAddress() };
      const types = { RecoverableWalletMessage: [{ name: "hash", type: "bytes32" }] };
      expect(TypedDataEncoder.hash(other, types, { hash })).to.not.equal(await a.messageHash(hash));
    });

    it("a signature of the old owner stops being valid after a recovery", async function () {
      const suite = await networkHelpers.loadFixture(keyedWallets);
      const { key, a } = suite;
      const hash = keccak256("0x99");
      const signature = key.signingKey.sign(await a.messageHash(hash)).serialized;
      const { id, readyAt } = await recoverWithTwo(suite, a);
      await time.increaseTo(readyAt);
      await a.executeRecovery(id);
      expect(await a.isValidSignature(hash, signature)).to.equal(NOPE);
    });
  });

  describe("recovery", function () {
    it("with M-1 approvals fails; with M it succeeds only after the delay", async function () {
      const suite = await networkHelpers.loadFixture(fixture);
      const { wallet, g1, g2, heir, owner, stranger } = suite;
      await expect(wallet.connect(g1).proposeRecovery(heir.address))
        .to.emit(wallet, "RecoveryProposed")
        .withArgs(1n, heir.address, g1.address)
        .and.to.emit(wallet, "RecoveryApproved")
        .withArgs(1n, g1.address, 1n, 0n);
      await time.increase(30n * DAY);
      await expect(wallet.connect(stranger).executeRecovery(1))
        .to.be.revertedWithCustomError(wallet, "RecoveryNotReady")
        .withArgs(1n, 0n, BigInt(await time.latest()) + 1n);
      const tx = wallet.connect(g2).approveRecovery(1);
      await expect(tx).to.emit(wallet, "RecoveryApproved");
      const readyAt = BigInt(await time.latest()) + DELAY;
      await expect(tx).to.emit(wallet, "RecoveryApproved").withArgs(1n, g2.address, 2n, readyAt);
      const info = await wallet.getRecovery(1);
      expect([info.newOwner, info.proposer, info.readyAt, info.approvals, info.status]).to.deep.equal([
        heir.address,
        g1.address,
        readyAt,
        2n,
        STATUS.Pending,
      ]);
      await time.setNextBlockTimestamp(readyAt - 1n);
      await expect(wallet.connect(stranger).executeRecovery(1))
        .to.be.revertedWithCustomError(wallet, "RecoveryNotReady")
        .withArgs(1n, readyAt, readyAt - 1n);
      await time.setNextBlockTimestamp(readyAt);
      await expect(wallet.connect(stranger).executeRecovery(1))
        .to.emit(wallet, "OwnerChanged")
        .withArgs(owner.address, heir.address)
        .and.to.emit(wallet, "RecoveryExecuted")
        .withArgs(1n, owner.address, heir.address);
      expect(await wallet.owner()).to.equal(heir.address);
      expect((await wallet.getRecovery(1)).status).to.equal(STATUS.Executed);
      await expect(wallet.connect(owner).execute(heir.address, 0, "0x")).to.be.revertedWithCustomError(
        wallet,
        "NotOwner",
      );
      await expect(wallet.connect(heir).execute(owner.address, 0, "0x")).to.emit(wallet, "Executed");
      await expect(wallet.executeRecovery(1))
        .to.be.revertedWithCustomError(wallet, "RecoveryNotPending")
        .withArgs(1n, STATUS.Executed);
    });

    it("the owner's cancel in the last second of the delay wins", async function () {
      const suite = await networkHelpers.loadFixture(fixture);
      const { wallet, owner, stranger } = suite;
      const { id, readyAt } = await recoverWithTwo(suite);
      await time.setNextBlockTimestamp(readyAt - 1n);
      await expect(wallet.connect(owner).cancelRecovery(id)).to.emit(wallet, "RecoveryCancelled").withArgs(id);
      await time.setNextBlockTimestamp(readyAt);
      await expect(wallet.connect(stranger).executeRecovery(id))
        .to.be.revertedWithCustomError(wallet, "RecoveryNotPending")
        .withArgs(id, STATUS.Cancelled);
      expect(await wallet.owner()).to.equal(owner.address);
      await expect(wallet.connect(owner).cancelRecovery(id))
        .to.be.revertedWithCustomError(wallet, "RecoveryNotPending")
        .withArgs(id, STATUS.Cancelled);
      await expect(wallet.connect(owner).cancelRecovery(99))
        .to.be.revertedWithCustomError(wallet, "UnknownRecovery")
        .withArgs(99n);
    });

    it("the owner may still cancel after readyAt while nobody has executed it", async function () {
      const suite = await networkHelpers.loadFixture(fixture);
      const { id, readyAt } = await recoverWithTwo(suite);
      await time.increaseTo(readyAt + DAY);
      await expect(suite.wallet.connect(suite.owner).cancelRecovery(id)).to.emit(suite.wallet, "RecoveryCancelled");
    });

    it("attack: a guardian alone cannot take the wallet, approve twice or change guardians", async function () {
      const { wallet, g1, heir } = await networkHelpers.loadFixture(fixture);
      await wallet.connect(g1).proposeRecovery(heir.address);
      await expect(wallet.connect(g1).approveRecovery(1))
        .to.be.revertedWithCustomError(wallet, "AlreadyApproved")
        .withArgs(1n, g1.address);
      // Proposing again opens another recovery with one approval: approvals never add up across ids.
      await wallet.connect(g1).proposeRecovery(heir.address);
      expect((await wallet.getRecovery(1)).approvals).to.equal(1n);
      expect((await wallet.getRecovery(2)).approvals).to.equal(1n);
      await time.increase(MAX_DELAY);
      for (const id of [1n, 2n]) {
        await expect(wallet.executeRecovery(id)).to.be.revertedWithCustomError(wallet, "RecoveryNotReady");
      }
      await expect(wallet.connect(g1).proposeGuardianChange([g1.address, heir.address], 2, DELAY))
        .to.be.revertedWithCustomError(wallet, "NotOwner")
        .withArgs(g1.address);
      await expect(wallet.connect(g1).transferOwnership(heir.address)).to.be.revertedWithCustomError(
        wallet,
        "NotOwner",
      );
    });

    it("refuses strangers and bad new owners", async function () {
      const { wallet, g1, g2, stranger, heir } = await networkHelpers.loadFixture(fixture);
      await expect(wallet.connect(stranger).proposeRecovery(heir.address))
        .to.be.revertedWithCustomError(wallet, "NotGuardian")
        .withArgs(stranger.address);
      await wallet.connect(g1).proposeRecovery(heir.address);
      for (const call of [wallet.connect(stranger).approveRecovery(1), wallet.connect(stranger).revokeApproval(1)]) {
        await expect(call).to.be.revertedWithCustomError(wallet, "NotGuardian").withArgs(stranger.address);
      }
      for (const bad of [ZeroAddress, await wallet.getAddress(), g2.address]) {
        await expect(wallet.connect(g1).proposeRecovery(bad))
          .to.be.revertedWithCustomError(wallet, "InvalidOwner")
          .withArgs(bad);
      }
      await expect(wallet.connect(g2).approveRecovery(5))
        .to.be.revertedWithCustomError(wallet, "UnknownRecovery")
        .withArgs(5n);
      await expect(wallet.connect(g2).revokeApproval(1))
        .to.be.revertedWithCustomError(wallet, "NotApproved")
        .withArgs(1n, g2.address);
    });

    it("attack: replaying approvals after a cancel: a cancelled recovery's approvals never count again", async function () {
      const suite = await networkHelpers.loadFixture(fixture);
      const { wallet, owner, g1, g2, g3, heir } = suite;
      const { id } = await recoverWithTwo(suite);
      await wallet.connect(owner).cancelRecovery(id);
      await expect(wallet.connect(g3).approveRecovery(id))
        .to.be.revertedWithCustomError(wallet, "RecoveryNotPending")
        .withArgs(id, STATUS.Cancelled);
      await expect(wallet.connect(g2).revokeApproval(id)).to.be.revertedWithCustomError(wallet, "RecoveryNotPending");
      // The same guardians proposing the same new owner start from one approval, under a new id.
      await wallet.connect(g1).proposeRecovery(heir.address);
      const next = await wallet.getRecovery(id + 1n);
      expect([next.approvals, next.readyAt]).to.deep.equal([1n, 0n]);
      expect(await wallet.hasApproved(id + 1n, g2.address)).to.equal(false);
      await time.increase(MAX_DELAY);
      await expect(wallet.executeRecovery(id + 1n)).to.be.revertedWithCustomError(wallet, "RecoveryNotReady");
    });

    it("a revocation below M stops the clock; the next M-th approval starts a full delay", async function () {
      const suite = await networkHelpers.loadFixture(fixture);
      const { wallet, g2, g3 } = suite;
      const { id } = await recoverWithTwo(suite);
      await time.increase(DELAY - 10n);
      await expect(wallet.connect(g2).revokeApproval(id))
        .to.emit(wallet, "RecoveryRevoked")
        .withArgs(id, g2.address, 1n, 0n);
      await time.increase(20n);
      await expect(wallet.executeRecovery(id)).to.be.revertedWithCustomError(wallet, "RecoveryNotReady");
      await wallet.connect(g3).approveRecovery(id);
      const readyAt = BigInt(await time.latest()) + DELAY;
      expect((await wallet.getRecovery(id)).readyAt).to.equal(readyAt);
      // A revocation that leaves M approvals keeps the clock.
      await wallet.connect(g2).approveRecovery(id);
      await expect(wallet.connect(g2).revokeApproval(id))
        .to.emit(wallet, "RecoveryRevoked")
        .withArgs(id, g2.address, 2n, readyAt);
      await time.setNextBlockTimestamp(readyAt);
      await expect(wallet.executeRecovery(id)).to.emit(wallet, "RecoveryExecuted");
    });

    it("executing one recovery supersedes the others", async function () {
      const suite = await networkHelpers.loadFixture(fixture);
      const { wallet, g2, g3, stranger } = suite;
      await wallet.connect(g3).proposeRecovery(stranger.address);
      await wallet.connect(g2).approveRecovery(1);
      const { id, readyAt } = await recoverWithTwo(suite);
      await time.increaseTo(readyAt);
      await wallet.executeRecovery(id);
      expect((await wallet.getRecovery(1)).status).to.equal(STATUS.Superseded);
      await expect(wallet.executeRecovery(1))
        .to.be.revertedWithCustomError(wallet, "RecoveryNotPending")
        .withArgs(1n, STATUS.Superseded);
      expect((await wallet.getRecovery(7)).status).to.equal(STATUS.None);
    });
  });

  describe("guardian changes", function () {
    it("wait for the delay, apply by anyone, and can be cancelled or replaced by the owner", async function () {
      const { wallet, owner, g1, g2, g4, stranger } = await networkHelpers.loadFixture(fixture);
      const next = [g1.address, g2.address, g4.address];
      const tx = wallet.connect(owner).proposeGuardianChange(next, 3, 2n * DAY);
      await expect(tx).to.emit(wallet, "GuardiansChangeProposed");
      // Lowering the delay waits the longer, current delay.
      const readyAt = BigInt(await time.latest()) + DELAY;
      await expect(tx)
        .to.emit(wallet, "GuardiansChangeProposed")
        .withArgs(1n, next, 3n, 2n * DAY, readyAt);
      const pending = await wallet.pendingGuardianChange();
      expect([pending.id, pending.guardians, pending.threshold, pending.delay, pending.readyAt]).to.deep.equal([
        1n,
        next,
        3n,
        2n * DAY,
        readyAt,
      ]);
      await time.setNextBlockTimestamp(readyAt - 1n);
      await expect(wallet.connect(stranger).applyGuardianChange())
        .to.be.revertedWithCustomError(wallet, "ChangeNotReady")
        .withArgs(1n, readyAt, readyAt - 1n);
      await time.setNextBlockTimestamp(readyAt);
      await expect(wallet.connect(stranger).applyGuardianChange())
        .to.emit(wallet, "GuardiansChangeApplied")
        .withArgs(1n, next, 3n, 2n * DAY);
      expect(await wallet.guardians()).to.deep.equal(next);
      expect([await wallet.threshold(), await wallet.delay()]).to.deep.equal([3n, 2n * DAY]);
      expect(await wallet.isGuardian(g4.address)).to.equal(true);
      expect((await wallet.pendingGuardianChange()).id).to.equal(0n);
      await expect(wallet.applyGuardianChange()).to.be.revertedWithCustomError(wallet, "NoChangePending");
      await expect(wallet.connect(owner).cancelGuardianChange()).to.be.revertedWithCustomError(
        wallet,
        "NoChangePending",
      );

      // Raising the delay waits the new, longer delay; a new proposal replaces the pending one.
      await wallet.connect(owner).proposeGuardianChange(next, 2, 10n * DAY);
      const raisedAt = BigInt(await time.latest()) + 10n * DAY;
      expect((await wallet.pendingGuardianChange()).readyAt).to.equal(raisedAt);
      await expect(wallet.connect(owner).proposeGuardianChange(next, 2, 3n * DAY))
        .to.emit(wallet, "GuardiansChangeCancelled")
        .withArgs(2n)
        .and.to.emit(wallet, "GuardiansChangeProposed");
      await expect(wallet.connect(owner).cancelGuardianChange())
        .to.emit(wallet, "GuardiansChangeCancelled")
        .withArgs(3n);
      await time.increase(MAX_DELAY);
      await expect(wallet.applyGuardianChange()).to.be.revertedWithCustomError(wallet, "NoChangePending");
    });

    it("refuses a bad proposal, and re-checks the set against the owner when applied", async function () {
      const { wallet, owner, g1, g2, heir } = await networkHelpers.loadFixture(fixture);
      await expect(wallet.connect(owner).proposeGuardianChange([g1.address, owner.address], 2, DELAY))
        .to.be.revertedWithCustomError(wallet, "InvalidGuardian")
        .withArgs(owner.address);
      await expect(wallet.connect(owner).proposeGuardianChange([g1.address, g2.address], 1, DELAY))
        .to.be.revertedWithCustomError(wallet, "InvalidThreshold")
        .withArgs(1n, 2n);
      await wallet.connect(owner).proposeGuardianChange([g1.address, heir.address], 2, DELAY);
      // A hand-over ends the pending change (audit W1): it never reaches the new owner.
      await expect(wallet.connect(owner).transferOwnership(heir.address)).to.emit(wallet, "GuardiansChangeCancelled");
      await time.increase(DELAY);
      await expect(wallet.applyGuardianChange()).to.be.revertedWithCustomError(wallet, "NoChangePending");
    });

    it("attack: a guardian change during a pending recovery cannot shorten it", async function () {
      const suite = await networkHelpers.loadFixture(fixture);
      const { wallet, owner, g1, g2, g3 } = suite;
      // The owner proposes the shortest delay first; the change itself waits the old 7 days.
      await wallet.connect(owner).proposeGuardianChange([g1.address, g2.address, g3.address], 2, MIN_DELAY);
      await time.increase(DAY);
      const { id, readyAt } = await recoverWithTwo(suite);
      await time.increase(DELAY - DAY);
      await wallet.applyGuardianChange();
      expect(await wallet.delay()).to.equal(MIN_DELAY);
      // An applied change stops the recovery's clock (audit W2); approving again restarts it, never
      // earlier than it stood: the lower delay does not reach it.
      expect((await wallet.getRecovery(id)).readyAt).to.equal(0n);
      await wallet.connect(g1).approveRecovery(id);
      const restarted = (await wallet.getRecovery(id)).readyAt;
      expect(restarted).to.be.gte(readyAt);
      await time.setNextBlockTimestamp(restarted - 1n);
      await expect(wallet.executeRecovery(id))
        .to.be.revertedWithCustomError(wallet, "RecoveryNotReady")
        .withArgs(id, restarted, restarted - 1n);
      await time.setNextBlockTimestamp(restarted);
      await expect(wallet.executeRecovery(id)).to.emit(wallet, "RecoveryExecuted");
    });

    it("attack: M-1 guardians plus a threshold cut get no shortcut: the delay starts only at the new M-th approval", async function () {
      const { factory, owner, g1, g2, g3, g4, heir } = await networkHelpers.loadFixture(fixture);
      const list = [g1.address, g2.address, g3.address, g4.address];
      await factory.createWallet(owner.address, list, 3, DELAY, ZeroHash);
      const wallet = await ethers.getContractAt(
        "RecoverableWallet",
        await factory.predictWallet(owner.address, list, 3, DELAY, ZeroHash),
      );
      await wallet.connect(g1).proposeRecovery(heir.address);
      await wallet.connect(g2).approveRecovery(1);
      // Owner lowers the threshold to 2 (for its own reasons); the two approvals now reach M.
      await wallet.connect(owner).proposeGuardianChange(list, 2, DELAY);
      await time.increase(DELAY);
      await wallet.applyGuardianChange();
      expect((await wallet.getRecovery(1)).approvals).to.equal(2n);
      await expect(wallet.executeRecovery(1)).to.be.revertedWithCustomError(wallet, "RecoveryNotReady");
      // The clock starts at the next approval event at M: the owner gets the full delay from there.
      await wallet.connect(g2).revokeApproval(1);
      await wallet.connect(g2).approveRecovery(1);
      const readyAt = BigInt(await time.latest()) + DELAY;
      expect((await wallet.getRecovery(1)).readyAt).to.equal(readyAt);
      await time.setNextBlockTimestamp(readyAt - 1n);
      await expect(wallet.executeRecovery(1)).to.be.revertedWithCustomError(wallet, "RecoveryNotReady");
    });

    it("attack: a removed guardian's approval stops counting, even when it is added back", async function () {
      const suite = await networkHelpers.loadFixture(fixture);
      const { wallet, owner, g1, g2, g3, g4 } = suite;
      const { id, readyAt } = await recoverWithTwo(suite);
      // The owner replaces g2 (who approved) by g4 while the recovery waits.
      await wallet.connect(owner).proposeGuardianChange([g1.address, g3.address, g4.address], 2, DELAY);
      await time.increase(DELAY);
      await wallet.applyGuardianChange();
      expect((await wallet.getRecovery(id)).approvals).to.equal(1n);
      expect(await wallet.hasApproved(id, g2.address)).to.equal(false);
      expect(BigInt(await time.latest())).to.be.greaterThan(readyAt);
      await expect(wallet.executeRecovery(id))
        .to.be.revertedWithCustomError(wallet, "NotEnoughApprovals")
        .withArgs(id, 1n, 2n);
      // g2 comes back: its old approval (of an earlier term) still does not count.
      await wallet.connect(owner).proposeGuardianChange([g1.address, g2.address, g3.address], 2, DELAY);
      await time.increase(DELAY);
      await wallet.applyGuardianChange();
      expect(await wallet.hasApproved(id, g2.address)).to.equal(false);
      expect(await wallet.hasApproved(id, g1.address)).to.equal(true, "a kept guardian keeps its approval");
      await expect(wallet.executeRecovery(id)).to.be.revertedWithCustomError(wallet, "NotEnoughApprovals");
      // g2 approves anew, in its new term: M approvals of guardians in force start a full delay
      // (audit W2: the changes stopped the clock).
      await wallet.connect(g2).approveRecovery(id);
      await expect(wallet.executeRecovery(id)).to.be.revertedWithCustomError(wallet, "RecoveryNotReady");
      await time.increase(DELAY);
      await expect(wallet.executeRecovery(id)).to.emit(wallet, "RecoveryExecuted");
    });

    it("attack: front-running executeRecovery with a guardian change of the old key fails; the recovery cancels it", async function () {
      const suite = await networkHelpers.loadFixture(fixture);
      const { wallet, owner, g1, heir, stranger } = suite;
      const { id, readyAt } = await recoverWithTwo(suite);
      // The old key (stolen) proposes its own guardians once the recovery's delay runs.
      await wallet.connect(owner).proposeGuardianChange([stranger.address, g1.address], 2, DELAY);
      const changeAt = (await wallet.pendingGuardianChange()).readyAt;
      expect(changeAt).to.be.greaterThan(readyAt, "a change proposed later waits past the recovery");
      await time.setNextBlockTimestamp(readyAt);
      await expect(wallet.executeRecovery(id))
        .to.emit(wallet, "GuardiansChangeCancelled")
        .withArgs(1n)
        .and.to.emit(wallet, "RecoveryExecuted");
      await time.increaseTo(changeAt);
      await expect(wallet.applyGuardianChange()).to.be.revertedWithCustomError(wallet, "NoChangePending");
      expect(await wallet.owner()).to.equal(heir.address);
      expect(await wallet.isGuardian(stranger.address)).to.equal(false);
    });

    it("a recovery whose new owner became a guardian meanwhile is refused", async function () {
      const suite = await networkHelpers.loadFixture(fixture);
      const { wallet, owner, g1, g2, heir } = suite;
      const { id, readyAt } = await recoverWithTwo(suite);
      await wallet.connect(owner).proposeGuardianChange([g1.address, g2.address, heir.address], 2, DELAY);
      await time.increaseTo(readyAt + DELAY);
      await wallet.applyGuardianChange();
      await expect(wallet.executeRecovery(id))
        .to.be.revertedWithCustomError(wallet, "InvalidOwner")
        .withArgs(heir.address);
    });

    it("attack: a change through execute (the wallet calling itself) waits the same delay", async function () {
      const { wallet, owner, g1, g4, heir } = await networkHelpers.loadFixture(fixture);
      const self = await wallet.getAddress();
      const propose = wallet.interface.encodeFunctionData("proposeGuardianChange", [
        [g1.address, g4.address],
        2,
        DELAY,
      ]);
      await expect(wallet.connect(owner).execute(self, 0, propose)).to.emit(wallet, "GuardiansChangeProposed");
      expect(await wallet.isGuardian(g4.address)).to.equal(false);
      const apply = wallet.interface.encodeFunctionData("applyGuardianChange");
      await expect(
        wallet.connect(owner).executeBatch([{ target: self, value: 0, data: apply }]),
      ).to.be.revertedWithCustomError(wallet, "ChangeNotReady");
      const cancel = wallet.interface.encodeFunctionData("cancelGuardianChange");
      await expect(wallet.connect(owner).execute(self, 0, cancel)).to.emit(wallet, "GuardiansChangeCancelled");
      // The owner's own call may transfer ownership through the same path.
      const transfer = wallet.interface.encodeFunctionData("transferOwnership", [heir.address]);
      await expect(wallet.connect(owner).execute(self, 0, transfer))
        .to.emit(wallet, "OwnerChanged")
        .withArgs(owner.address, heir.address);
      // Nothing lets the wallet skip a recovery's delay: cancelRecovery is the only recovery call it may make.
      await expect(
        wallet.connect(heir).execute(self, 0, wallet.interface.encodeFunctionData("proposeRecovery", [heir.address])),
      )
        .to.be.revertedWithCustomError(wallet, "NotGuardian")
        .withArgs(self);
    });
  });

  describe("a recovered wallet keeps every position", function () {
    it("stake, lease and vesting schedule stay with the wallet; the new owner moves and claims each", async function () {
      const suite = await networkHelpers.loadFixture(fixture);
      const { wallet, owner, heir, deployer } = suite;
      const address = await wallet.getAddress();
      const staking = await deployStaking(ethers, networkHelpers);
      const storage = await deployStorage(ethers);

      // Stake: the wallet deposits in the economic pool during round 0's raise.
      await staking.token.connect(staking.treasury).transfer(address, MIN_STAKE);
      await staking.goto(0n, 0n);
      const pool = await staking.pool.getAddress();
      await wallet.connect(owner).executeBatch([
        {
          target: await staking.token.getAddress(),
          value: 0,
          data: staking.token.interface.encodeFunctionData("approve", [pool, MIN_STAKE]),
        },
        { target: pool, value: 0, data: staking.pool.interface.encodeFunctionData("deposit", [MIN_STAKE]) },
      ]);
      expect(await staking.pool.principalOf(address)).to.equal(MIN_STAKE);

      // Lease: the wallet rents 1 MB for 60 days (it is the tenant).
      const market = storage.market;
      const marketAddress = await market.getAddress();
      await storage.token.connect(storage.admin).transfer(address, tokens(1_000_000));
      const { root } = leaseData(1, 1_000);
      const leaseId = (await market.leaseCount()) + 1n;
      await wallet.connect(owner).executeBatch([
        {
          target: await storage.token.getAddress(),
          value: 0,
          data: storage.token.interface.encodeFunctionData("approve", [marketAddress, ethers.MaxUint256]),
        },
        {
          target: marketAddress,
          value: 0,
          data: market.interface.encodeFunctionData("rent", [1, 60, root, fullLength(1), tokens(1_000_000)]),
        },
      ]);
      await mineBlocks(ethers, 2);
      await market.connect(storage.keeper).assign(leaseId);
      expect((await market.leaseOf(leaseId)).tenant).to.equal(address);

      // Vesting: a schedule for the wallet, everything unlocked in 30 days.
      const vault = await ethers.deployContract("VestingVault", [
        await storage.token.getAddress(),
        await storage.rewards.getAddress(),
        storage.admin.address,
      ]);
      await vault.connect(storage.admin).grantRole(await vault.SCHEDULE_MANAGER_ROLE(), storage.admin.address);
      await storage.rewards
        .connect(storage.admin)
        .registerKind(await vault.RELEASE_KIND(), await vault.getAddress(), tokens(1));
      await storage.token.connect(storage.admin).transfer(await vault.getAddress(), tokens(1_000));
      const start = BigInt(await time.latest());
      await vault
        .connect(storage.admin)
        .createSchedule(
          address,
          { total: tokens(1_000), start, cliff: 0, trancheInterval: 30n * DAY, trancheCount: 1, unlockedAtStartBps: 0 },
          false,
        );

      // The owner loses its key: two guardians recover the wallet for the heir.
      const { id, readyAt } = await recoverWithTwo(suite);
      await time.increaseTo(readyAt);
      await wallet.connect(deployer).executeRecovery(id);
      expect(await wallet.owner()).to.equal(heir.address);

      // Each position is still the wallet's; the heir acts on each through execute.
      expect(await staking.pool.principalOf(address)).to.equal(MIN_STAKE);
      const lease = await market.leaseOf(leaseId);
      expect(lease.tenant).to.equal(address);
      await expect(
        wallet
          .connect(heir)
          .execute(marketAddress, 0, market.interface.encodeFunctionData("extend", [leaseId, 10, tokens(1_000_000)])),
      ).to.emit(market, "LeaseExtended");
      expect((await market.leaseOf(leaseId)).endEpoch).to.equal(lease.endEpoch + 10n);

      await time.increaseTo(start + 30n * DAY);
      await expect(
        wallet.connect(heir).execute(await vault.getAddress(), 0, vault.interface.encodeFunctionData("release", [0])),
      ).to.emit(vault, "Released");
      const vested = tokens(1_000);
      const storageToken = await storage.token.getAddress();
      const before = await storage.token.balanceOf(heir.address);
      await wallet
        .connect(heir)
        .execute(storageToken, 0, storage.token.interface.encodeFunctionData("transfer", [heir.address, vested]));
      expect(await storage.token.balanceOf(heir.address)).to.equal(before + vested);

      // The stake leaves in the next raise, to the wallet and on to the heir.
      await staking.goto(1n, 0n);
      await wallet.connect(heir).execute(pool, 0, staking.pool.interface.encodeFunctionData("withdraw", [MIN_STAKE]));
      expect(await staking.pool.principalOf(address)).to.equal(0n);
      await wallet
        .connect(heir)
        .execute(
          await staking.token.getAddress(),
          0,
          staking.token.interface.encodeFunctionData("transfer", [heir.address, MIN_STAKE]),
        );
      expect(await staking.token.balanceOf(heir.address)).to.equal(MIN_STAKE);
      // The old key can move none of it.
      await expect(wallet.connect(owner).execute(pool, 0, "0x")).to.be.revertedWithCustomError(wallet, "NotOwner");
    });
  });
});
