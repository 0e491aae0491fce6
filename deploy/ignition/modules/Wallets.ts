// Recoverable wallets (DESIGN §13): the WalletFactory, which deploys the RecoverableWallet
// implementation in its constructor and clones it per user, with the profile's delays
// (`accounts.wallet`: default and least delay). Nothing in it is governed; no upkeep kinds.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { SuiteContext } from "./suite.ts";

export function walletsModule(context: SuiteContext) {
  return buildModule("Wallets", (m) => {
    const { wallet } = context.profile.accounts;
    const factory = m.contract("WalletFactory", [wallet.defaultDelay, wallet.minDelay]);
    return { WalletFactory: factory };
  });
}
