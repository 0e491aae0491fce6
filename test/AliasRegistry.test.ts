// AliasRegistry flows, events, every name rule at its edge (test/vectors/alias-names.json) and the
// attacks. The contract is new in issue 17, so each attack test was checked against a mutant with
// its defence removed (all at once, then restored): no AliasTaken check in register (attacks 1
// and 2 fail), release clearing only the owner and not the pending offer (attack 5 fails), no
// displacement in reveal (attack 6 fails), register without nonReentrant (attack 7 fails: the
// nested call runs into another error). Attacks 3 and 4 pin down the two-step transfer itself.
import { expect } from "chai";
import { id, SigningKey, Wallet, ZeroAddress } from "ethers";
import { readFileSync } from "node:fs";
import { network } from "hardhat";
import { deployAliasRegistry } from "./helpers/aliasFixture.ts";

const { ethers, networkHelpers } = await network.create();

const MINUTE = 60n;
const DAY = 86_400n;
const BASE_FEE = 10n * 10n ** 18n;
const FULL_PRICE_LENGTH = 8n;
const PARAMETERS = {
  baseFee: BASE_FEE,
  fullPriceLength: FULL_PRICE_LENGTH,
  minCommitmentAge: MINUTE,
  maxCommitmentAge: DAY,
};
const P = 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn;

interface NameVector {
  name: string;
  error: string | null;
  args?: (number | string)[];
}
const VECTORS = JSON.parse(readFileSync(new URL("./vectors/alias-names.json", import.meta.url), "utf8")) as {
  names: NameVector[];
};

/** A real compressed secp256k1 public key (ethers' SigningKey, from a fresh random wallet). */
const realKey = () => SigningKey.computePublicKey(Wallet.createRandom().signingKey.publicKey, true);
const keyWithX = (prefix: string, x: bigint) => prefix + x.toString(16).padStart(64, "0");

interface BalanceOf {
  balanceOf(account: string): Promise<bigint>;
}
interface Addressable {
  getAddress(): Promise<string>;
}
/** Runs `send` and returns each account's token balance change, in order. */
async function balanceChanges(token: BalanceOf, accounts: Addressable[], send: () => Promise<unknown>) {
  const addresses = await Promise.all(accounts.map((account) => account.getAddress()));
  const before = await Promise.all(addresses.map((address) => token.balanceOf(address)));
  await send();
  const after = await Promise.all(addresses.map((address) => token.balanceOf(address)));
  return after.map((balance, i) => balance - before[i]);
}

describe("AliasRegistry", function () {
  const fixture = () => deployAliasRegistry(ethers, PARAMETERS);

  describe("names: every rule at its edge (test/vectors/alias-names.json)", function () {
    for (const vector of VECTORS.names) {
      const label = JSON.stringify(vector.name);
      if (vector.error === null) {
        it(`accepts ${label}`, async function () {
          const { registry, alice } = await networkHelpers.loadFixture(fixture);
          await registry.validateAlias(vector.name);
          await expect(registry.connect(alice).register(vector.name, realKey())).to.emit(registry, "AliasRegistered");
          expect(await registry.resolve(vector.name)).to.equal(alice.address);
          expect(await registry.aliasOf(alice.address)).to.equal(vector.name);
        });
      } else {
        it(`refuses ${label} with ${vector.error}(${vector.args!.join(", ")})`, async function () {
          const { registry, alice } = await networkHelpers.loadFixture(fixture);
          await expect(registry.validateAlias(vector.name))
            .to.be.revertedWithCustomError(registry, vector.error!)
            .withArgs(...vector.args!);
          await expect(registry.connect(alice).register(vector.name, realKey()))
            .to.be.revertedWithCustomError(registry, vector.error!)
            .withArgs(...vector.args!);
          expect(await registry.aliasOf(alice.address)).to.equal("");
        });
      }
    }

    it("2, 3, 32 and 33 characters: refused, accepted, accepted, refused", async function () {
      const { registry, alice, bob } = await networkHelpers.loadFixture(fixture);
      await expect(registry.connect(alice).register("ab", realKey()))
        .to.be.revertedWithCustomError(registry, "TooShort")
        .withArgs(2, 3);
      await registry.connect(alice).register("abc", realKey());
      await registry.connect(bob).register("b".repeat(32), realKey());
      await expect(registry.connect(bob).register("c".repeat(33), realKey()))
        .to.be.revertedWithCustomError(registry, "TooLong")
        .withArgs(33, 32);
    });

    it("upper case, a space and a Cyrillic look-alike are refused; the Latin name is distinct", async function () {
      const { registry, alice, mallory } = await networkHelpers.loadFixture(fixture);
      await registry.connect(alice).register("paypal", realKey());
      await expect(registry.connect(mallory).register("PayPal", realKey()))
        .to.be.revertedWithCustomError(registry, "UpperCaseCharacter")
        .withArgs(0, "0x50");
      await expect(registry.connect(mallory).register("pay pal", realKey()))
        .to.be.revertedWithCustomError(registry, "InvalidCharacter")
        .withArgs(3, "0x20");
      // "р" and "а" below are Cyrillic (U+0440, U+0430).
      await expect(registry.connect(mallory).register("\u0440\u0430yp\u0430l", realKey()))
        .to.be.revertedWithCustomError(registry, "NonAsciiCharacter")
        .withArgs(0, "0xd1");
      await expect(registry.connect(mallory).register("p\u0430ypal", realKey()))
        .to.be.revertedWithCustomError(registry, "NonAsciiCharacter")
        .withArgs(1, "0xd0");
    });
  });

  describe("public keys", function () {
    it("accepts real compressed keys of both parities and returns them by name and by address", async function () {
      const { registry, alice, bob } = await networkHelpers.loadFixture(fixture);
      let even: string | undefined;
      let odd: string | undefined;
      while (even === undefined || odd === undefined) {
        const key = realKey();
        if (key.startsWith("0x02")) even ??= key;
        else odd ??= key;
      }
      await registry.connect(alice).register("alice", even);
      await registry.connect(bob).register("bob", odd);
      expect(await registry["publicKeyOf(string)"]("alice")).to.equal(even);
      expect(await registry["publicKeyOf(address)"](bob.address)).to.equal(odd);
      expect(await registry["publicKeyOf(string)"]("nobody")).to.equal("0x");
      expect(await registry["publicKeyOf(address)"](ZeroAddress)).to.equal("0x");
    });

    it("refuses a wrong length, an uncompressed key, a bad prefix, x = p and an x off the curve", async function () {
      const { registry, alice } = await networkHelpers.loadFixture(fixture);
      const key = realKey();
      const uncompressed = new SigningKey(Wallet.createRandom().privateKey).publicKey;
      await expect(registry.connect(alice).register("alice", key.slice(0, -2)))
        .to.be.revertedWithCustomError(registry, "InvalidPublicKeyLength")
        .withArgs(32);
      await expect(registry.connect(alice).register("alice", uncompressed))
        .to.be.revertedWithCustomError(registry, "InvalidPublicKeyLength")
        .withArgs(65);
      await expect(registry.connect(alice).register("alice", "0x04" + key.slice(4)))
        .to.be.revertedWithCustomError(registry, "InvalidPublicKeyPrefix")
        .withArgs("0x04");
      await expect(registry.connect(alice).register("alice", keyWithX("0x02", P)))
        .to.be.revertedWithCustomError(registry, "PublicKeyOutOfField")
        .withArgs(P);
      await expect(registry.connect(alice).register("alice", keyWithX("0x03", 2n ** 256n - 1n)))
        .to.be.revertedWithCustomError(registry, "PublicKeyOutOfField")
        .withArgs(2n ** 256n - 1n);
      // x = 5: 5^3 + 7 = 132 is no square mod p (no point has x = 5); x = 1: 8 is one.
      await expect(registry.connect(alice).register("alice", keyWithX("0x02", 5n)))
        .to.be.revertedWithCustomError(registry, "PublicKeyNotOnCurve")
        .withArgs(5n);
      await registry.validatePublicKey(keyWithX("0x02", 1n));
      // The x of a real key flipped in its last bit is off the curve about half the time: find one.
      let x = BigInt("0x" + key.slice(4));
      for (;;) {
        x ^= 1n;
        try {
          await registry.validatePublicKey(keyWithX("0x02", x));
          x += 2n;
        } catch {
          break;
        }
      }
      await expect(registry.connect(alice).register("alice", keyWithX("0x02", x)))
        .to.be.revertedWithCustomError(registry, "PublicKeyNotOnCurve")
        .withArgs(x);
    });

    it("setPublicKey replaces the caller's key; without an alias it is refused", async function () {
      const { registry, alice, bob } = await networkHelpers.loadFixture(fixture);
      await registry.connect(alice).register("alice", realKey());
      const next = realKey();
      await expect(registry.connect(alice).setPublicKey(next))
        .to.emit(registry, "PublicKeySet")
        .withArgs("alice", alice.address, next);
      expect(await registry["publicKeyOf(string)"]("alice")).to.equal(next);
      await expect(registry.connect(bob).setPublicKey(next))
        .to.be.revertedWithCustomError(registry, "NoAlias")
        .withArgs(bob.address);
      await expect(registry.connect(alice).setPublicKey(keyWithX("0x02", 5n))).to.be.revertedWithCustomError(
        registry,
        "PublicKeyNotOnCurve",
      );
    });
  });

  describe("fees", function () {
    it("doubles per byte below fullPriceLength, exact at every edge, and goes to the reserve", async function () {
      const { registry, token, reserve, alice } = await networkHelpers.loadFixture(fixture);
      expect(await registry.feeForLength(3)).to.equal(BASE_FEE << 5n);
      expect(await registry.feeForLength(7)).to.equal(BASE_FEE * 2n);
      expect(await registry.feeForLength(8)).to.equal(BASE_FEE);
      expect(await registry.feeForLength(9)).to.equal(BASE_FEE);
      expect(await registry.feeForLength(32)).to.equal(BASE_FEE);
      await expect(registry.feeForLength(2)).to.be.revertedWithCustomError(registry, "TooShort").withArgs(2, 3);
      await expect(registry.feeForLength(33)).to.be.revertedWithCustomError(registry, "TooLong").withArgs(33, 32);
      expect(await registry.fee("abc")).to.equal(BASE_FEE * 32n);
      const key = realKey();
      const before = await token.balanceOf(reserve.address);
      await expect(registry.connect(alice).register("abc", key))
        .to.emit(registry, "AliasRegistered")
        .withArgs("abc", alice.address, key, BASE_FEE * 32n, false);
      expect((await token.balanceOf(reserve.address)) - before).to.equal(BASE_FEE * 32n);
      expect(await token.balanceOf(registry)).to.equal(0n);
    });

    it("a payer without allowance or balance registers nothing", async function () {
      const { registry, token, carol } = await networkHelpers.loadFixture(fixture);
      await token.connect(carol).approve(registry, 0);
      await expect(registry.connect(carol).register("carol", realKey())).to.be.revertedWithCustomError(
        token,
        "ERC20InsufficientAllowance",
      );
      expect(await registry.resolve("carol")).to.equal(ZeroAddress);
    });

    it("parameters: only the Timelock, validated", async function () {
      const { registry, timelock, alice } = await networkHelpers.loadFixture(fixture);
      await expect(registry.connect(alice).setParameters(PARAMETERS))
        .to.be.revertedWithCustomError(registry, "NotTimelock")
        .withArgs(alice.address, timelock.address);
      for (const bad of [
        { ...PARAMETERS, baseFee: 0n },
        { ...PARAMETERS, fullPriceLength: 2n },
        { ...PARAMETERS, fullPriceLength: 33n },
        { ...PARAMETERS, minCommitmentAge: 0n },
        { ...PARAMETERS, maxCommitmentAge: MINUTE },
        // The fee of a 3-byte name (baseFee << 29 here) must fit in 96 bits.
        { ...PARAMETERS, baseFee: ((1n << 96n) >> 29n) + 1n, fullPriceLength: 32n },
      ])
        await expect(registry.connect(timelock).setParameters(bad)).to.be.revertedWithCustomError(
          registry,
          "InvalidParameters",
        );
      const next = { ...PARAMETERS, baseFee: 1n, fullPriceLength: 3n };
      await expect(registry.connect(timelock).setParameters(next)).to.emit(registry, "ParametersChanged");
      expect(await registry.feeForLength(3)).to.equal(1n);
      expect((await registry.parameters()).fullPriceLength).to.equal(3n);
      // The largest fee there can be is exactly the largest uint96.
      const largest = (1n << 96n) >> 29n;
      await registry.connect(timelock).setParameters({ ...PARAMETERS, baseFee: largest - 1n, fullPriceLength: 32n });
      expect(await registry.feeForLength(3)).to.equal((largest - 1n) << 29n);
    });
  });

  describe("ownership", function () {
    const pastContest = () => networkHelpers.time.increase(DAY);
    it("attack 1: a name cannot be taken twice, and an address holds one alias", async function () {
      const { registry, alice, bob } = await networkHelpers.loadFixture(fixture);
      await registry.connect(alice).register("alice", realKey());
      await expect(registry.connect(bob).register("alice", realKey()))
        .to.be.revertedWithCustomError(registry, "AliasTaken")
        .withArgs("alice", alice.address);
      await expect(registry.connect(alice).register("alice2", realKey()))
        .to.be.revertedWithCustomError(registry, "AlreadyHasAlias")
        .withArgs(alice.address, "alice");
    });

    it("transfer offers, accept moves both records and clears the key; events for the indexer", async function () {
      const { registry, alice, bob } = await networkHelpers.loadFixture(fixture);
      await registry.connect(alice).register("alice", realKey());
      await pastContest(); // a plain registration is offered once no reveal can displace it
      await expect(registry.connect(alice).transfer("alice", bob.address))
        .to.emit(registry, "AliasTransferOffered")
        .withArgs("alice", alice.address, bob.address);
      expect(await registry.pendingOwnerOf("alice")).to.equal(bob.address);
      expect(await registry.resolve("alice")).to.equal(alice.address);
      await expect(registry.connect(bob).acceptTransfer("alice"))
        .to.emit(registry, "AliasTransferred")
        .withArgs("alice", alice.address, bob.address);
      expect(await registry.resolve("alice")).to.equal(bob.address);
      expect(await registry.aliasOf(bob.address)).to.equal("alice");
      expect(await registry.aliasOf(alice.address)).to.equal("");
      expect(await registry.pendingOwnerOf("alice")).to.equal(ZeroAddress);
      expect(await registry["publicKeyOf(string)"]("alice")).to.equal("0x");
      // The previous owner is free to register another name.
      await registry.connect(alice).register("alice-new", realKey());
    });

    it("attack 2: a name cannot be sniped while its transfer is pending", async function () {
      const { registry, alice, bob, mallory } = await networkHelpers.loadFixture(fixture);
      await registry.connect(alice).register("alice", realKey());
      await pastContest(); // a plain registration is offered once no reveal can displace it
      await registry.connect(alice).transfer("alice", bob.address);
      await expect(registry.connect(mallory).register("alice", realKey()))
        .to.be.revertedWithCustomError(registry, "AliasTaken")
        .withArgs("alice", alice.address);
      await expect(registry.connect(mallory).acceptTransfer("alice"))
        .to.be.revertedWithCustomError(registry, "NotPendingOwner")
        .withArgs("alice", mallory.address, bob.address);
      await expect(registry.connect(mallory).transfer("alice", mallory.address))
        .to.be.revertedWithCustomError(registry, "NotAliasOwner")
        .withArgs("alice", mallory.address, alice.address);
      await expect(registry.connect(mallory).release("alice")).to.be.revertedWithCustomError(registry, "NotAliasOwner");
      await expect(registry.connect(mallory).cancelTransfer("alice")).to.be.revertedWithCustomError(
        registry,
        "NotAliasOwner",
      );
      await registry.connect(bob).acceptTransfer("alice");
      expect(await registry.resolve("alice")).to.equal(bob.address);
    });

    it("attack 3: a transfer to a contract that cannot accept leaves the name with its owner, who cancels", async function () {
      const { registry, token, alice } = await networkHelpers.loadFixture(fixture);
      await registry.connect(alice).register("alice", realKey());
      await pastContest(); // a plain registration is offered once no reveal can displace it
      await registry.connect(alice).transfer("alice", await token.getAddress());
      expect(await registry.resolve("alice")).to.equal(alice.address);
      expect(await registry.aliasOf(alice.address)).to.equal("alice");
      await expect(registry.connect(alice).cancelTransfer("alice"))
        .to.emit(registry, "AliasTransferCancelled")
        .withArgs("alice", alice.address, await token.getAddress());
      await expect(registry.connect(alice).cancelTransfer("alice"))
        .to.be.revertedWithCustomError(registry, "NoPendingTransfer")
        .withArgs("alice");
      await expect(registry.connect(alice).transfer("alice", ZeroAddress))
        .to.be.revertedWithCustomError(registry, "InvalidRecipient")
        .withArgs(ZeroAddress);
      await expect(registry.connect(alice).transfer("alice", alice.address))
        .to.be.revertedWithCustomError(registry, "InvalidRecipient")
        .withArgs(alice.address);
      await expect(registry.connect(alice).transfer("nobody", alice.address))
        .to.be.revertedWithCustomError(registry, "UnknownAlias")
        .withArgs("nobody");
    });

    it("attack 4: reverse-record poisoning: an offer never writes the recipient's aliasOf", async function () {
      const { registry, mallory, bob } = await networkHelpers.loadFixture(fixture);
      await registry.connect(mallory).register("scam", realKey());
      await pastContest(); // a plain registration is offered once no reveal can displace it
      await registry.connect(mallory).transfer("scam", bob.address);
      expect(await registry.aliasOf(bob.address)).to.equal("");
      expect(await registry["publicKeyOf(address)"](bob.address)).to.equal("0x");
      expect(await registry.resolve("scam")).to.equal(mallory.address);
    });

    it("a recipient that already has an alias cannot accept until it releases its own", async function () {
      const { registry, alice, bob } = await networkHelpers.loadFixture(fixture);
      await registry.connect(alice).register("alice", realKey());
      await pastContest(); // a plain registration is offered once no reveal can displace it
      await registry.connect(bob).register("bob", realKey());
      await registry.connect(alice).transfer("alice", bob.address);
      await expect(registry.connect(bob).acceptTransfer("alice"))
        .to.be.revertedWithCustomError(registry, "AlreadyHasAlias")
        .withArgs(bob.address, "bob");
      await registry.connect(bob).release("bob");
      await registry.connect(bob).acceptTransfer("alice");
      expect(await registry.aliasOf(bob.address)).to.equal("alice");
      expect(await registry.resolve("bob")).to.equal(ZeroAddress);
    });

    it("attack 5: release then re-register during a pending transfer: the stale offer is gone", async function () {
      const { registry, alice, bob, mallory } = await networkHelpers.loadFixture(fixture);
      await registry.connect(alice).register("alice", realKey());
      await pastContest(); // a plain registration is offered once no reveal can displace it
      await registry.connect(alice).transfer("alice", bob.address);
      await expect(registry.connect(alice).release("alice"))
        .to.emit(registry, "AliasTransferCancelled")
        .withArgs("alice", alice.address, bob.address)
        .and.to.emit(registry, "AliasReleased")
        .withArgs("alice", alice.address);
      expect(await registry.pendingOwnerOf("alice")).to.equal(ZeroAddress);
      await registry.connect(mallory).register("alice", realKey());
      await expect(registry.connect(bob).acceptTransfer("alice"))
        .to.be.revertedWithCustomError(registry, "NoPendingTransfer")
        .withArgs("alice");
      // The same with the original owner re-registering: the old offer is not revived.
      await registry.connect(mallory).release("alice");
      await registry.connect(alice).register("alice", realKey());
      await expect(registry.connect(bob).acceptTransfer("alice")).to.be.revertedWithCustomError(
        registry,
        "NoPendingTransfer",
      );
      expect(await registry.resolve("alice")).to.equal(alice.address);
    });

    it("a new offer replaces the previous one", async function () {
      const { registry, alice, bob, carol } = await networkHelpers.loadFixture(fixture);
      await registry.connect(alice).register("alice", realKey());
      await pastContest(); // a plain registration is offered once no reveal can displace it
      await registry.connect(alice).transfer("alice", bob.address);
      await expect(registry.connect(alice).transfer("alice", carol.address))
        .to.emit(registry, "AliasTransferCancelled")
        .withArgs("alice", alice.address, bob.address)
        .and.to.emit(registry, "AliasTransferOffered")
        .withArgs("alice", alice.address, carol.address);
      await expect(registry.connect(bob).acceptTransfer("alice")).to.be.revertedWithCustomError(
        registry,
        "NotPendingOwner",
      );
      await registry.connect(carol).acceptTransfer("alice");
      expect(await registry.resolve("alice")).to.equal(carol.address);
    });
  });

  describe("commit-reveal", function () {
    const secret = id("secret");

    it("reveal registers after minCommitmentAge and before maxCommitmentAge, never contestable, and returns the bond", async function () {
      const { registry, token, reserve, alice } = await networkHelpers.loadFixture(fixture);
      const key = realKey();
      const commitment = await registry.makeCommitment("alice", alice.address, key, secret);
      await expect(registry.connect(alice).reveal("alice", key, secret))
        .to.be.revertedWithCustomError(registry, "UnknownCommitment")
        .withArgs(commitment);
      let committed;
      const pulled = await balanceChanges(token, [alice, registry], async () => {
        committed = await registry.connect(alice).commit(commitment);
      });
      expect(pulled).to.deep.equal([-BASE_FEE, BASE_FEE]);
      const at = BigInt(await networkHelpers.time.latest());
      await expect(committed)
        .to.emit(registry, "Committed")
        .withArgs(commitment, alice.address, BASE_FEE, at + MINUTE, at + DAY);
      expect(await registry.commitmentOf(commitment)).to.deep.equal([BASE_FEE, at + MINUTE, at + DAY]);
      expect(await registry.bondsHeld()).to.equal(BASE_FEE);
      await expect(registry.connect(alice).commit(commitment))
        .to.be.revertedWithCustomError(registry, "CommitmentExists")
        .withArgs(commitment, at + DAY);
      await expect(registry.connect(alice).reveal("alice", key, secret))
        .to.be.revertedWithCustomError(registry, "CommitmentTooNew")
        .withArgs(commitment, at + MINUTE);
      await networkHelpers.time.setNextBlockTimestamp(at + MINUTE);
      let revealed;
      const moved = await balanceChanges(token, [alice, registry, reserve], async () => {
        revealed = await registry.connect(alice).reveal("alice", key, secret);
      });
      await expect(revealed)
        .to.emit(registry, "AliasRegistered")
        .withArgs("alice", alice.address, key, BASE_FEE * 8n, true);
      // The fee to the reserve; the bond back: alice's net is the fee.
      expect(moved).to.deep.equal([BASE_FEE - BASE_FEE * 8n, -BASE_FEE, BASE_FEE * 8n]);
      expect(await registry.contestableUntil("alice")).to.equal(0n);
      expect(await registry.commitmentOf(commitment)).to.deep.equal([0n, 0n, 0n]);
      expect(await registry.bondsHeld()).to.equal(0n);
    });

    it("an expired commitment cannot be revealed; its bond is forfeited to the reserve, by anyone or by committing again", async function () {
      const { registry, token, reserve, alice, bob } = await networkHelpers.loadFixture(fixture);
      const key = realKey();
      const commitment = await registry.makeCommitment("alice", alice.address, key, secret);
      await registry.connect(alice).commit(commitment);
      const at = BigInt(await networkHelpers.time.latest());
      await networkHelpers.time.setNextBlockTimestamp(at + DAY);
      await expect(registry.connect(bob).forfeitCommitment(commitment))
        .to.be.revertedWithCustomError(registry, "CommitmentNotExpired")
        .withArgs(commitment, at + DAY);
      await networkHelpers.time.setNextBlockTimestamp(at + DAY + 1n);
      await expect(registry.connect(alice).reveal("alice", key, secret))
        .to.be.revertedWithCustomError(registry, "CommitmentExpired")
        .withArgs(commitment, at + DAY);
      let forfeited;
      const swept = await balanceChanges(token, [registry, reserve], async () => {
        forfeited = await registry.connect(bob).forfeitCommitment(commitment);
      });
      await expect(forfeited).to.emit(registry, "CommitmentForfeited").withArgs(commitment, BASE_FEE);
      expect(swept).to.deep.equal([-BASE_FEE, BASE_FEE]);
      await expect(registry.forfeitCommitment(commitment))
        .to.be.revertedWithCustomError(registry, "UnknownCommitment")
        .withArgs(commitment);
      // Made again and left to expire: committing once more forfeits the old bond first.
      await registry.connect(alice).commit(commitment);
      await networkHelpers.time.increase(DAY + 1n);
      let again;
      const renewed = await balanceChanges(token, [alice, reserve], async () => {
        again = await registry.connect(alice).commit(commitment);
      });
      await expect(again).to.emit(registry, "CommitmentForfeited").withArgs(commitment, BASE_FEE);
      expect(renewed).to.deep.equal([-BASE_FEE, BASE_FEE]);
      expect(await registry.bondsHeld()).to.equal(BASE_FEE);
    });

    it("a commitment binds the revealer: someone else revealing it finds no commitment", async function () {
      const { registry, alice, mallory } = await networkHelpers.loadFixture(fixture);
      const key = realKey();
      await registry.connect(alice).commit(await registry.makeCommitment("alice", alice.address, key, secret));
      await networkHelpers.time.increase(MINUTE);
      await expect(registry.connect(mallory).reveal("alice", key, secret)).to.be.revertedWithCustomError(
        registry,
        "UnknownCommitment",
      );
    });

    it("attack 6: a sniper copying a pending reveal into a plain register is displaced by the reveal", async function () {
      const { registry, token, reserve, alice, bob, mallory } = await networkHelpers.loadFixture(fixture);
      const key = realKey();
      await registry.connect(alice).commit(await registry.makeCommitment("alice", alice.address, key, secret));
      await networkHelpers.time.increase(MINUTE);
      // Mallory sees the reveal in the mempool and registers the name first; she cannot offer it
      // on while it is contestable (audit A1b).
      await registry.connect(mallory).register("alice", realKey());
      const until = await registry.contestableUntil("alice");
      expect(until).to.equal(BigInt(await networkHelpers.time.latest()) + DAY - MINUTE);
      await expect(registry.connect(mallory).transfer("alice", bob.address))
        .to.be.revertedWithCustomError(registry, "AliasContestable")
        .withArgs("alice", until);
      let revealed;
      const moved = await balanceChanges(token, [alice, mallory, reserve, registry], async () => {
        revealed = await registry.connect(alice).reveal("alice", key, secret);
      });
      await expect(revealed)
        .to.emit(registry, "AliasDisplaced")
        .withArgs("alice", mallory.address, alice.address, BASE_FEE * 8n)
        .and.to.emit(registry, "AliasRegistered")
        .withArgs("alice", alice.address, key, BASE_FEE * 8n, true);
      // Alice pays the fee to the displaced sniper (made whole, gaining nothing); the reserve keeps
      // the one fee it got for the name; alice's bond comes back.
      expect(moved).to.deep.equal([BASE_FEE - BASE_FEE * 8n, BASE_FEE * 8n, 0n, -BASE_FEE]);
      expect(await registry.resolve("alice")).to.equal(alice.address);
      expect(await registry.aliasOf(mallory.address)).to.equal("");
      expect(await registry.pendingOwnerOf("alice")).to.equal(ZeroAddress);
      expect(await registry["publicKeyOf(string)"]("alice")).to.equal(key);
    });

    it("a plain registration made before the commitment matured is not displaced", async function () {
      const { registry, alice, bob } = await networkHelpers.loadFixture(fixture);
      const key = realKey();
      await registry.connect(alice).commit(await registry.makeCommitment("alice", alice.address, key, secret));
      await registry.connect(bob).register("alice", realKey());
      await networkHelpers.time.increase(MINUTE);
      await expect(registry.connect(alice).reveal("alice", key, secret))
        .to.be.revertedWithCustomError(registry, "AliasTaken")
        .withArgs("alice", bob.address);
    });

    it("audit A1 (fixed): a standing commitment costs a bond per window, and the plain registrant it displaces gets its fee back", async function () {
      const { registry, token, reserve, bob, mallory } = await networkHelpers.loadFixture(fixture);
      const squat = realKey();
      const commitment = await registry.makeCommitment("coinbase", mallory.address, squat, secret);
      // A commitment left to expire costs its bond: one baseFee per name and window.
      await registry.connect(mallory).commit(commitment);
      await networkHelpers.time.increase(DAY + 1n);
      const renewed = await balanceChanges(token, [mallory, reserve], () =>
        registry.connect(mallory).commit(commitment),
      );
      expect(renewed).to.deep.equal([-BASE_FEE, BASE_FEE]);
      await networkHelpers.time.increase(MINUTE);
      // Bob registers plainly and is displaced: he loses the name, not his fee.
      const bobBefore = await token.balanceOf(bob.address);
      await registry.connect(bob).register("coinbase", realKey());
      await expect(registry.connect(mallory).reveal("coinbase", squat, secret))
        .to.emit(registry, "AliasDisplaced")
        .withArgs("coinbase", bob.address, mallory.address, BASE_FEE);
      expect(await token.balanceOf(bob.address)).to.equal(bobBefore);
    });

    it("audit A1b (fixed): a plain registration cannot be sold while its seller's commitment could take it back", async function () {
      const { registry, alice, bob } = await networkHelpers.loadFixture(fixture);
      await registry.connect(alice).register("market", realKey());
      const until = await registry.contestableUntil("market");
      await expect(registry.connect(alice).transfer("market", bob.address))
        .to.be.revertedWithCustomError(registry, "AliasContestable")
        .withArgs("market", until);
      await networkHelpers.time.increaseTo(until + 1n);
      await registry.connect(alice).transfer("market", bob.address);
      await registry.connect(bob).acceptTransfer("market");
      expect(await registry.resolve("market")).to.equal(bob.address);
    });

    it("audit A2 (fixed): raising maxCommitmentAge revives no expired commitment and reopens no registration", async function () {
      const { registry, timelock, alice, bob } = await networkHelpers.loadFixture(fixture);
      const key = realKey();
      const commitment = await registry.makeCommitment("alice", alice.address, key, secret);
      await registry.connect(alice).commit(commitment);
      const at = BigInt(await networkHelpers.time.latest());
      await registry.connect(bob).register("bobby", realKey());
      const until = await registry.contestableUntil("bobby");
      await networkHelpers.time.increaseTo(at + DAY + 1n);
      await registry.connect(timelock).setParameters({ ...PARAMETERS, maxCommitmentAge: 90n * DAY });
      await expect(registry.connect(alice).reveal("alice", key, secret))
        .to.be.revertedWithCustomError(registry, "CommitmentExpired")
        .withArgs(commitment, at + DAY);
      expect(await registry.contestableUntil("bobby")).to.equal(until);
    });

    it("a registration by reveal is never displaced by another reveal", async function () {
      const { registry, alice, mallory } = await networkHelpers.loadFixture(fixture);
      const key = realKey();
      const other = realKey();
      await registry.connect(mallory).commit(await registry.makeCommitment("alice", mallory.address, other, secret));
      await registry.connect(alice).commit(await registry.makeCommitment("alice", alice.address, key, secret));
      await networkHelpers.time.increase(MINUTE);
      await registry.connect(alice).reveal("alice", key, secret);
      await expect(registry.connect(mallory).reveal("alice", other, secret))
        .to.be.revertedWithCustomError(registry, "AliasTaken")
        .withArgs("alice", alice.address);
    });
  });

  it("attack 7: reentrancy through the token: a callback during the fee pull cannot register again", async function () {
    const { timelock, reserve, alice } = await networkHelpers.loadFixture(fixture);
    const evil = await ethers.deployContract("ReentrantToken");
    const registry = await ethers.deployContract("AliasRegistry", [
      evil,
      reserve.address,
      timelock.address,
      PARAMETERS,
    ]);
    await evil.arm(registry, "second", realKey());
    await expect(registry.connect(alice).register("first", realKey())).to.be.revertedWithCustomError(
      registry,
      "ReentrancyGuardReentrantCall",
    );
    expect(await registry.resolve("first")).to.equal(ZeroAddress);
  });
});
