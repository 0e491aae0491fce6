// Base (DESIGN §3): what every module builds on. The Timelock, the GenesisEscrow holding the
// shares of module contracts, and the BaseToken minting the whole supply in one transaction to
// the profile's accounts and the escrow.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { encodeBytes32String } from "ethers";
import type { SuiteContext } from "./suite.ts";

export function baseModule({ profile }: SuiteContext) {
  return buildModule("Base", (m) => {
    const deployer = m.getAccount(0);
    // The Referendum becomes the Timelock's only proposer and executor; anyone executes a
    // passed proposal through Referendum.execute (DESIGN §4).
    const timelock = m.contract("TimelockController", [profile.timelock.minDelay, [], [], deployer], {
      id: "Timelock",
    });

    const escrowed = profile.allocations.filter((a) => a.target.kind !== "account");
    const escrow = m.contract("GenesisEscrow", [
      deployer,
      escrowed.map((a) => encodeBytes32String(a.share)),
      escrowed.map((a) => a.amount),
    ]);
    const direct = profile.allocations.flatMap((a) =>
      a.target.kind === "account" ? [{ holder: a.target.address, amount: a.amount }] : [],
    );
    const escrowTotal = escrowed.reduce((sum, a) => sum + a.amount, 0n);
    const token = m.contract("BaseToken", [
      profile.token.name,
      profile.token.symbol,
      [...direct, ...(escrowTotal > 0n ? [{ holder: escrow, amount: escrowTotal }] : [])],
      deployer,
    ]);
    m.call(escrow, "bindToken", [token]);
    return { Timelock: timelock, GenesisEscrow: escrow, BaseToken: token };
  });
}
