export { BaseTokenAbi } from "./BaseToken.ts";
export { VestingVaultAbi } from "./VestingVault.ts";
export { KeeperRewardsAbi } from "./KeeperRewards.ts";
export { GenesisEscrowAbi } from "./GenesisEscrow.ts";
export { LandlordRegistryAbi } from "./LandlordRegistry.ts";
export { StorageMarketAbi } from "./StorageMarket.ts";
export { StorageProofsAbi } from "./StorageProofs.ts";
