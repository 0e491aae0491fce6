// The CLI's alias rules (keepers/src/accounts/names.ts) against the vectors the contract's tests
// use (test/vectors/alias-names.json): same verdict, same custom error, same arguments. And the
// address-flag parser: an address passes, an alias is normalised, anything else is a ConfigError.
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { aliasProblem, normaliseAlias } from "../src/accounts/names.ts";
import { addressOrAlias, checkAddressFlags } from "../src/accounts/resolve.ts";
import { ConfigError } from "../src/core/errors.ts";

const VECTORS = JSON.parse(readFileSync(new URL("../../test/vectors/alias-names.json", import.meta.url), "utf8")) as {
  names: { name: string; error: string | null; args?: (number | string)[] }[];
  normalisation: { input: string; normalised: string }[];
};

describe("alias names (CLI mirror of AliasRegistry's rules)", function () {
  for (const vector of VECTORS.names) {
    it(`${JSON.stringify(vector.name)}: ${vector.error ?? "valid"}`, function () {
      const problem = aliasProblem(vector.name);
      if (vector.error === null) expect(problem).to.equal(undefined);
      else
        expect({ error: problem?.error, args: problem?.args }).to.deep.equal({
          error: vector.error,
          args: vector.args,
        });
    });
  }

  for (const { input, normalised } of VECTORS.normalisation) {
    it(`normalises ${JSON.stringify(input)} to ${JSON.stringify(normalised)}`, function () {
      expect(normaliseAlias(input)).to.equal(normalised);
    });
  }

  it("the Cyrillic look-alike survives normalisation and is then refused as non-ASCII", function () {
    expect(aliasProblem(normaliseAlias("\u0430lice"))?.error).to.equal("NonAsciiCharacter");
  });

  it("address flags: an address as is, an alias normalised, anything else a ConfigError naming the flag", function () {
    const address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    expect(addressOrAlias("--to", address)).to.deep.equal({ flag: "--to", address });
    expect(addressOrAlias("--to", " Alice ")).to.deep.equal({ flag: "--to", alias: "alice" });
    expect(() => addressOrAlias("--to", "a_b")).to.throw(ConfigError, /--to: "a_b" is neither an address nor an alias/);
    expect(() => addressOrAlias("--to", "0x70997970c51812dc3A010C7d01b50e0d17dc79C8")).to.throw(
      ConfigError,
      /not a valid address/,
    );
    expect(() => addressOrAlias("--to", undefined)).to.throw(ConfigError, /--to/);
    // Hex-looking values are addresses, never aliases: a short one is a typo, not the alias "0x12".
    expect(() => addressOrAlias("--token", "0x12")).to.throw(ConfigError, /--token: "0x12" is not an address/);
    expect(checkAddressFlags({ to: "alice", account: address, amount: "1" }, ["to", "account", "payee"])).to.deep.equal(
      {
        to: "0x0000000000000000000000000000000000000000",
        account: address,
        amount: "1",
      },
    );
  });
});
