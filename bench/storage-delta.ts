// Gas of the storage operations the audit fixes (part 2) touch, on the storage fixture (4 landlords
// of 1 GB, 1-token bounties). Run on two commits to compare: `npx hardhat run bench/storage-delta.ts`.
import { network } from "hardhat";
import { deployStorage, leaseData } from "../test/helpers/storageFixture.ts";

const { ethers, networkHelpers } = await network.create();
const { time, mine } = networkHelpers;
const s = await deployStorage(ethers);
const MAX = 10n ** 30n;
const gasOf = async (tx: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>) =>
  (await (await tx).wait())!.gasUsed;
const out: Record<string, bigint> = {};
const d = leaseData(1, 100);
out["rent 1 MB x 30"] = await gasOf(s.market.connect(s.tenant).rent(1, 30, d.root, MAX));
await mine(2);
out["assign 1 MB"] = await gasOf(s.market.connect(s.keeper).assign(1n));
const group = await s.registry.groupOf(1n);
out["acceptData first"] = await gasOf(s.proofs.connect(await ethers.getSigner(group[0])).acceptData(1n, d.root));
await s.proofs.connect(await ethers.getSigner(group[1])).acceptData(1n, d.root);
await s.proofs.connect(await ethers.getSigner(group[2])).acceptData(1n, d.root);
await s.market.connect(s.tenant).rent(1, 30, leaseData(2, 100).root, MAX);
await mine(2);
await s.market.connect(s.keeper).assign(2n);
const g2 = await s.registry.groupOf(2n);
out["rejectData"] = await gasOf(s.proofs.connect(await ethers.getSigner(g2[0])).rejectData(2n, leaseData(2, 100).root));
out["extend 1 MB x 5"] = await gasOf(s.market.connect(s.tenant).extend(1n, 5, MAX));
await time.increaseTo((await s.market.epochStart(1n)) + 10n);
out["openEpoch"] = await gasOf(s.proofs.connect(s.keeper).openEpoch());
await mine(2);
out["reseed (records)"] = await gasOf(s.proofs.connect(s.keeper).reseed(1n));
await time.increaseTo(await s.proofs.proofDeadline(1n));
const all = s.landlords.map((l) => l.address);
out["settleEpoch 4 landlords (3 held, none proved)"] = await gasOf(s.proofs.connect(s.keeper).settleEpoch(1n, all));
const leaving = s.landlords.find((l) => group.includes(l.address))!;
await s.registry.connect(leaving).retire();
const count = await s.registry.leaseCountOf(leaving.address);
out[`reassign ${count} memberships`] = await gasOf(s.registry.connect(s.keeper).reassign(leaving.address, count));
// Part 2 only (absent on the code before): move a rejecting member (unpaid), a lapsed one (slashed,
// paid from its collateral), expire a lease in its last epoch.
const registry = s.registry as unknown as Record<string, (...args: unknown[]) => Promise<never>>;
const proofs = s.proofs as unknown as Record<string, (...args: unknown[]) => Promise<never>>;
if (registry.reassignMember !== undefined) {
  await s.registry.connect(s.stranger).registerLandlord(8 * 1024, "http://extra");
  const members = await s.registry.groupOf(2n);
  out["reassignMember (rejected: unpaid)"] = await gasOf(registry.reassignMember(2n, members[0]));
  const lapsed = (await s.registry.groupOf(2n)).find((m) => m !== members[0])!;
  await time.increase(86_400n);
  out["reassignMember (lapsed: slashed, paid)"] = await gasOf(registry.reassignMember(2n, lapsed));
  await s.market.connect(s.tenant).rent(1, 1, leaseData(3, 100).root, MAX);
  await mine(2);
  const id = await s.market.leaseCount();
  await s.market.connect(s.keeper).assign(id);
  for (const m of await s.registry.groupOf(id)) {
    await s.proofs.connect(await ethers.getSigner(m)).acceptData(id, leaseData(3, 100).root);
  }
  await time.increaseTo((await s.market.epochStart((await s.market.leaseOf(id)).startEpoch)) + 10n);
  out["expireLease (3 holders)"] = await gasOf(proofs.expireLease(id));
}
for (const [k, v] of Object.entries(out)) console.log(`${k}\t${v}`);
