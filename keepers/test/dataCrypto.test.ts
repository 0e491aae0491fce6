// The data market's encryption (keepers/src/community/data/crypto.ts): the seller → proxy → buyer
// hand-over of the data key (ECIES over secp256k1 with Node's crypto) and the content-hash check
// of `data decrypt` (issue 18 part 7: a key handed to the wrong public key cannot decrypt).
import { expect } from "chai";
import { bytesToHex, keccak256, toBytes } from "viem";
import {
  ContentHashMismatchError,
  decryptData,
  decryptKey,
  decryptPurchase,
  encryptData,
  encryptKey,
  generateKeyPair,
  publicKeyOf,
  reencryptKey,
  WrongKeyError,
} from "../src/community/data/crypto.ts";

const DATA = toBytes("station,day,temperature\nzurich,2025-01-01,-2.5\n");

describe("data market encryption", function () {
  it("seller → proxy → buyer: the buyer decrypts the data and its content hash matches", function () {
    const proxy = generateKeyPair();
    const buyer = generateKeyPair();
    const { dataKey, encrypted, contentHash } = encryptData(DATA);
    expect(contentHash).to.equal(keccak256(DATA));
    expect(Buffer.from(encrypted).includes(Buffer.from(DATA))).to.equal(false);
    const forProxy = encryptKey(dataKey, proxy.publicKey);
    const forBuyer = reencryptKey(forProxy, proxy.privateKey, buyer.publicKey);
    expect(forBuyer).to.not.equal(forProxy);
    expect(decryptKey(forBuyer, buyer.privateKey)).to.equal(dataKey);
    expect(bytesToHex(decryptPurchase(encrypted, forBuyer, buyer.privateKey, contentHash))).to.equal(bytesToHex(DATA));
  });

  it("a key handed to the wrong public key cannot decrypt: a clear WrongKeyError, no data", function () {
    const proxy = generateKeyPair();
    const buyer = generateKeyPair();
    const stranger = generateKeyPair();
    const { dataKey, encrypted, contentHash } = encryptData(DATA);
    const forStranger = reencryptKey(encryptKey(dataKey, proxy.publicKey), proxy.privateKey, stranger.publicKey);
    expect(() => decryptPurchase(encrypted, forStranger, buyer.privateKey, contentHash))
      .to.throw(WrongKeyError)
      .with.property("message")
      .that.matches(/not encrypted to this account's public key/);
    // The proxy cannot open a key sealed to the buyer either, nor the buyer one sealed to the proxy.
    const forBuyer = encryptKey(dataKey, buyer.publicKey);
    expect(() => decryptKey(forBuyer, proxy.privateKey)).to.throw(WrongKeyError);
    expect(() => decryptKey(encryptKey(dataKey, proxy.publicKey), buyer.privateKey)).to.throw(WrongKeyError);
  });

  it("a tampered sealed key is refused", function () {
    const buyer = generateKeyPair();
    const sealed = encryptKey(bytesToHex(new Uint8Array(32).fill(7)), buyer.publicKey);
    const last = sealed.slice(-2) === "00" ? "01" : "00";
    expect(() => decryptKey(`${sealed.slice(0, -2)}${last}` as `0x${string}`, buyer.privateKey)).to.throw(
      WrongKeyError,
    );
    expect(() => decryptKey("0x1234", buyer.privateKey)).to.throw(WrongKeyError);
  });

  it("data that does not match the listing's content hash is refused", function () {
    const { dataKey, encrypted } = encryptData(DATA);
    const other = keccak256(toBytes("other"));
    expect(() => decryptData(encrypted, dataKey, other)).to.throw(ContentHashMismatchError);
    const wrongKey = encryptData(DATA).dataKey;
    expect(() => decryptData(encrypted, wrongKey, keccak256(DATA))).to.throw(ContentHashMismatchError);
  });

  it("an account's private key gives its compressed messaging key", function () {
    const pair = generateKeyPair();
    expect(publicKeyOf(pair.privateKey)).to.equal(pair.publicKey);
    expect(pair.publicKey).to.match(/^0x0[23][0-9a-f]{64}$/);
  });
});
