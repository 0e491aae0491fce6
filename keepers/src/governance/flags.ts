// The governance commands' flags, read into what the contracts take; each wrong flag is named.
import { keccak256, stringToBytes, zeroAddress } from "viem";
import { ConfigError } from "../core/errors.ts";
import { addressOption, tokensOption, type Options } from "../core/participant.ts";
import type { PaymentSpec, StatementSpec, Subject } from "./council.ts";
import { indexOfName, isSide, RESERVE_PURPOSES, STATEMENT_KINDS, type Side } from "../../../lib/governance.ts";

export function proposalId(value: unknown, flag = "--proposal"): bigint {
  if (typeof value !== "string" || !/^[1-9]\d*$/.test(value)) {
    throw new ConfigError(flag, `"${value}" is not a proposal id`);
  }
  return BigInt(value);
}

export function side(value: unknown): Side {
  if (typeof value !== "string" || !isSide(value)) {
    throw new ConfigError("--side", `"${value}" is not for, against or abstain`);
  }
  return value;
}

/** One of `names` from a flag, case aside. */
export function named<T extends readonly string[]>(flag: string, names: T, value: unknown): T[number] {
  const index = typeof value === "string" ? indexOfName(names, value) : -1;
  if (index < 0) throw new ConfigError(flag, `"${value}" is not one of ${names.join(", ")}`);
  return names[index];
}

/** A statement about a proposal (--proposal) or an account (--account), never both. */
export function statementSpec(kindFlag: string, flags: Options): StatementSpec {
  const kind = named(kindFlag, STATEMENT_KINDS, flags[kindFlag.slice(2)]);
  if ((flags.proposal === undefined) === (flags.account === undefined)) {
    throw new ConfigError("--proposal", "a statement is about one proposal (--proposal) or one account (--account)");
  }
  return {
    kind,
    proposalId: flags.proposal === undefined ? 0n : proposalId(flags.proposal),
    account: flags.account === undefined ? zeroAddress : addressOption("--account", flags.account),
    uri: String(flags.uri ?? ""),
  };
}

/** A reserve payment; its --ref text is hashed into the bytes32 reference, as `issuer consume` does. */
export function paymentSpec(purposeFlag: string, flags: Options): PaymentSpec {
  return {
    purpose: named(purposeFlag, RESERVE_PURPOSES, flags[purposeFlag.slice(2)]),
    to: addressOption("--to", flags.to),
    amount: tokensOption("--amount", flags.amount),
    ref: keccak256(stringToBytes(String(flags.ref ?? ""))),
  };
}

/** The subject of a member vote: exactly one of --bloc, --statement, --payment. */
export function subject(flags: Options): Subject {
  const given = ["bloc", "statement", "payment"].filter((about) => flags[about] !== undefined);
  if (given.length !== 1) {
    throw new ConfigError("--bloc", "choose on exactly one subject: --bloc, --statement or --payment");
  }
  if (flags.bloc !== undefined) return { about: "bloc", proposalId: proposalId(flags.bloc, "--bloc") };
  if (flags.statement !== undefined) return { about: "statement", ...statementSpec("--statement", flags) };
  return { about: "payment", ...paymentSpec("--payment", flags) };
}
