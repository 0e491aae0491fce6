// Gas of the storage market's membership upkeep (audit fixes H5 and M4) on the storage fixture
// (4 landlords of 1 GB, 1-token bounties): a holder's rejection, moving a rejecting member
// (unpaid) and a lapsed one (slashed, paid from its collateral), and expiring a lease in its last
// epoch. bench/gas.ts adds these rows to the table.
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import { deployStorage, leaseData, fullLength } from "../test/helpers/storageFixture.ts";

const MAX = 10n ** 30n;

export async function storageMembershipRows(ethers: HardhatEthers, { time, mine }: NetworkHelpers) {
  const s = await deployStorage(ethers);
  const gasOf = async (tx: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>) =>
    (await (await tx).wait())!.gasUsed;
  const rows: { operation: string; jiaozi: bigint }[] = [];
  const signer = (address: string) => ethers.getSigner(address);

  const data = leaseData(2, 100);
  await s.market.connect(s.tenant).rent(1, 30, data.root, fullLength(1), MAX);
  await mine(2);
  await s.market.connect(s.keeper).assign(1n);
  const members = await s.registry.groupOf(1n);
  rows.push({
    operation: "StorageProofs rejectData (a holder that never received the data)",
    jiaozi: await gasOf(s.proofs.connect(await signer(members[0])).rejectData(1n, data.root)),
  });
  await s.registry.connect(s.stranger).registerLandlord(8 * 1024, "http://extra");
  rows.push({
    operation: "LandlordRegistry reassignMember (a rejecting member: unpaid)",
    jiaozi: await gasOf(s.registry.connect(s.keeper).reassignMember(1n, members[0])),
  });
  const lapsed = (await s.registry.groupOf(1n)).find((m) => m !== members[0])!;
  await time.increase(86_400n);
  rows.push({
    operation: "LandlordRegistry reassignMember (lapsed past acceptWindow: slashed, bounty from its collateral)",
    jiaozi: await gasOf(s.registry.connect(s.keeper).reassignMember(1n, lapsed)),
  });

  const short = leaseData(3, 100);
  await s.market.connect(s.tenant).rent(1, 1, short.root, fullLength(1), MAX);
  await mine(2);
  const id = await s.market.leaseCount();
  await s.market.connect(s.keeper).assign(id);
  for (const member of await s.registry.groupOf(id)) {
    await s.proofs.connect(await signer(member)).acceptData(id, short.root);
  }
  await time.increaseTo((await s.market.epochStart((await s.market.leaseOf(id)).startEpoch)) + 10n);
  rows.push({
    operation: "StorageProofs expireLease (3 holders, in the lease's last epoch)",
    jiaozi: await gasOf(s.proofs.connect(s.keeper).expireLease(id)),
  });
  return rows;
}
