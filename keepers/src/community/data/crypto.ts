// The data market's encryption (DESIGN §13), off chain and with Node's own vetted primitives only
// (OpenSSL through node:crypto; no package of ours): the seller encrypts the data with a random
// AES-256-GCM key; that key is handed on with ECIES over secp256k1: an ephemeral key pair, ECDH
// with the recipient's public key (the AliasRegistry's 33-byte compressed key), HKDF-SHA256 of the
// shared x coordinate (salt: the ephemeral public key, info: KEY_INFO) into an AES-256-GCM key
// that seals the data key. A key sealed to another public key fails GCM's authentication: that
// is the "wrong public key" error `data decrypt` reports, before any data is touched.
import { createCipheriv, createDecipheriv, createECDH, hkdfSync, randomBytes } from "node:crypto";
import { bytesToHex, hexToBytes, keccak256, type Hex } from "viem";

/** HKDF's info string: binds the derived key to this use and version. */
export const KEY_INFO = "jiaozi/data-market/key/v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const PUBLIC_KEY_BYTES = 33;
/** The data key (AES-256). */
export const DATA_KEY_BYTES = 32;

/** The key was sealed to another public key, or the sealed key was altered. */
export class WrongKeyError extends Error {
  constructor() {
    super("the data key was not encrypted to this account's public key (or was altered): it cannot be decrypted");
    this.name = "WrongKeyError";
  }
}

/** The decrypted data does not hash to the listing's content hash. */
export class ContentHashMismatchError extends Error {
  readonly expected: Hex;
  readonly actual: Hex;
  constructor(expected: Hex, actual: Hex) {
    super(`the decrypted data hashes to ${actual}, not to the listing's content hash ${expected}`);
    this.name = "ContentHashMismatchError";
    this.expected = expected;
    this.actual = actual;
  }
}

const buffer = (value: Hex | Uint8Array) => Buffer.from(typeof value === "string" ? hexToBytes(value) : value);

/** A fresh secp256k1 key pair: 32-byte private key, 33-byte compressed public key. */
export function generateKeyPair(): { privateKey: Hex; publicKey: Hex } {
  const ecdh = createECDH("secp256k1");
  ecdh.generateKeys();
  return {
    privateKey: bytesToHex(ecdh.getPrivateKey()),
    publicKey: bytesToHex(ecdh.getPublicKey(null, "compressed")),
  };
}

/** The compressed public key of a private key (an account's key doubles as its messaging key). */
export function publicKeyOf(privateKey: Hex): Hex {
  const ecdh = createECDH("secp256k1");
  ecdh.setPrivateKey(buffer(privateKey));
  return bytesToHex(ecdh.getPublicKey(null, "compressed"));
}

function derive(shared: Buffer, ephemeral: Buffer): Buffer {
  return Buffer.from(hkdfSync("sha256", shared, ephemeral, KEY_INFO, 32));
}

function seal(key: Buffer, plaintext: Buffer, aad?: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  if (aad !== undefined) cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function open(key: Buffer, sealed: Buffer, aad?: Buffer): Buffer {
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new Error(`sealed data too short (${sealed.length} bytes)`);
  const decipher = createDecipheriv("aes-256-gcm", key, sealed.subarray(0, IV_BYTES));
  if (aad !== undefined) decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}

/** ECIES: `dataKey` sealed to `publicKey`: ephemeral public key (33) ‖ iv (12) ‖ tag (16) ‖ ciphertext. */
export function encryptKey(dataKey: Hex | Uint8Array, publicKey: Hex): Hex {
  const recipient = buffer(publicKey);
  if (recipient.length !== PUBLIC_KEY_BYTES && recipient.length !== 65)
    throw new Error(`not a secp256k1 public key (${recipient.length} bytes)`);
  const ecdh = createECDH("secp256k1");
  ecdh.generateKeys();
  const ephemeral = ecdh.getPublicKey(null, "compressed");
  const key = derive(ecdh.computeSecret(recipient), ephemeral);
  return bytesToHex(Buffer.concat([ephemeral, seal(key, buffer(dataKey), ephemeral)]));
}

/** Opens an ECIES-sealed key with `privateKey`; throws WrongKeyError when it was sealed to another key. */
export function decryptKey(sealed: Hex | Uint8Array, privateKey: Hex): Hex {
  const bytes = buffer(sealed);
  if (bytes.length < PUBLIC_KEY_BYTES + IV_BYTES + TAG_BYTES) throw new WrongKeyError();
  const ephemeral = bytes.subarray(0, PUBLIC_KEY_BYTES);
  const ecdh = createECDH("secp256k1");
  ecdh.setPrivateKey(buffer(privateKey));
  let shared: Buffer;
  try {
    shared = ecdh.computeSecret(ephemeral);
  } catch {
    throw new WrongKeyError();
  }
  try {
    return bytesToHex(open(derive(shared, ephemeral), bytes.subarray(PUBLIC_KEY_BYTES), ephemeral));
  } catch {
    throw new WrongKeyError();
  }
}

/** The proxy's step: opens the key sealed to it and seals it again to the buyer's public key. */
export function reencryptKey(sealedForProxy: Hex, proxyPrivateKey: Hex, buyerPublicKey: Hex): Hex {
  return encryptKey(decryptKey(sealedForProxy, proxyPrivateKey), buyerPublicKey);
}

/** keccak256 of the plaintext: the listing's content hash. */
export const contentHash = (data: Uint8Array): Hex => keccak256(data);

/** The seller's step: a random data key and the data sealed with it (iv ‖ tag ‖ ciphertext). */
export function encryptData(data: Uint8Array): { dataKey: Hex; encrypted: Uint8Array; contentHash: Hex } {
  const dataKey = randomBytes(DATA_KEY_BYTES);
  return { dataKey: bytesToHex(dataKey), encrypted: seal(dataKey, Buffer.from(data)), contentHash: contentHash(data) };
}

/** Opens data sealed with `dataKey` and checks it against `expectedHash` (the listing's). */
export function decryptData(encrypted: Uint8Array, dataKey: Hex, expectedHash: Hex): Uint8Array {
  let data: Buffer;
  try {
    data = open(buffer(dataKey), Buffer.from(encrypted));
  } catch {
    throw new ContentHashMismatchError(expectedHash, "0x");
  }
  const actual = contentHash(data);
  if (actual.toLowerCase() !== expectedHash.toLowerCase()) throw new ContentHashMismatchError(expectedHash, actual);
  return data;
}

/** The buyer's whole step: the delivered key with its private key, then the data with the hash check. */
export function decryptPurchase(
  encrypted: Uint8Array,
  deliveredKey: Hex,
  buyerPrivateKey: Hex,
  expectedHash: Hex,
): Uint8Array {
  return decryptData(encrypted, decryptKey(deliveredKey, buyerPrivateKey), expectedHash);
}
