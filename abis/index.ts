export { BaseTokenAbi } from "./BaseToken.ts";
export { VestingVaultAbi } from "./VestingVault.ts";
export { KeeperRewardsAbi } from "./KeeperRewards.ts";
export { GenesisEscrowAbi } from "./GenesisEscrow.ts";
