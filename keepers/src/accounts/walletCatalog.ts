// What the wallet commands need in the deployments file: the WalletFactory (module `wallets`);
// a wallet itself is a clone at an address the factory's WalletCreated gave.
import { moduleCatalog } from "../core/participant.ts";

export const WALLET_CATALOG = moduleCatalog("wallets");
