// Overview: the token's supply and what was burned, proposals in flight, the council's seats, the storage market's
// booking, stakes and insurance, each figure from GraphQL.
import { formatAmount, formatInteger } from "../format.ts";
import { useGql, type Page } from "../gql.ts";
import { QueryView, Stat } from "../ui.tsx";

const QUERY = `{
  tokenSupplys(limit: 10) { items { token totalSupply totalVotesDelegated totalBurned } }
  proposals(limit: 1000) { items { proposalId state } }
  councilMembers(where: { sitting: true }, limit: 100) { items { member } }
  marketStates(orderBy: "timestamp", orderDirection: "desc", limit: 1) { items { booked price pool worldDiskMB } }
  leases(limit: 1000) { items { leaseId sizeMB state } }
  economicPools(limit: 10) { items { totalStaked stakers } }
  honorPools(limit: 10) { items { totalStaked } }
  insuranceProducts(limit: 1000) { items { assets locked policies } }
  insurancePolicys(where: { state: active }, limit: 1000) { items { sumInsured } }
  issuedTokens(limit: 1000) { items { token inDefault reserve } }
  parameterChanges(where: { module: "CouncilReserve" }, limit: 1) { items { address } }
}`;

/** The CouncilReserve's balance: its address is the one its parameter sets were emitted from. */
const RESERVE = `query ($address: String!) { account(address: $address) { balance } }`;

interface Data {
  tokenSupplys: Page<{ token: string; totalSupply: string; totalVotesDelegated: string; totalBurned: string }>;
  proposals: Page<{ proposalId: string; state: string }>;
  councilMembers: Page<{ member: string }>;
  marketStates: Page<{ booked: string; price: string; pool: string; worldDiskMB: string }>;
  leases: Page<{ leaseId: string; sizeMB: string; state: string }>;
  economicPools: Page<{ totalStaked: string; stakers: number }>;
  honorPools: Page<{ totalStaked: string }>;
  insuranceProducts: Page<{ assets: string; locked: string; policies: number }>;
  insurancePolicys: Page<{ sumInsured: string }>;
  issuedTokens: Page<{ token: string; inDefault: boolean; reserve: string }>;
  parameterChanges: Page<{ address: string }>;
}

const OPEN = new Set(["Proposed", "CouncilResponse", "Referendum", "Succeeded", "Queued"]);
const sum = (values: string[]) => values.reduce((a, b) => a + BigInt(b), 0n);

export default function Overview() {
  const query = useGql<Data>(["overview"], QUERY);
  const reserveAddress = query.data?.parameterChanges.items[0]?.address ?? "";
  const reserve = useGql<{ account: { balance: string } | null }>(
    ["reserve", reserveAddress],
    RESERVE,
    {
      address: reserveAddress,
    },
    { enabled: reserveAddress !== "" },
  );
  return (
    <>
      <h1>Overview</h1>
      <QueryView query={query} isEmpty={(d) => d.tokenSupplys.items.length === 0} empty="Nothing indexed yet.">
        {(d) => {
          const supply = d.tokenSupplys.items[0];
          const market = d.marketStates.items[0];
          const leased = sum(
            d.leases.items.filter((l) => l.state === "active" || l.state === "pending").map((l) => l.sizeMB),
          );
          return (
            <div className="stats">
              <Stat label="Total supply (JZ)" value={formatAmount(supply?.totalSupply)} testId="total-supply" />
              <Stat label="Burned (JZ)" value={formatAmount(supply?.totalBurned)} testId="burned" />
              <Stat
                label="Votes delegated (JZ)"
                value={formatAmount(supply?.totalVotesDelegated)}
                testId="votes-delegated"
              />
              <Stat
                label="Council reserve (JZ)"
                value={
                  reserveAddress
                    ? formatAmount(reserve.data?.account?.balance ?? (reserve.isPending ? null : "0"))
                    : "—"
                }
                testId="council-reserve"
              />
              <Stat
                label="Proposals in flight"
                value={formatInteger(d.proposals.items.filter((p) => OPEN.has(p.state)).length)}
                testId="active-proposals"
              />
              <Stat label="Council seats filled" value={formatInteger(d.councilMembers.items.length)} testId="seats" />
              <Stat label="MB leased (pending and active)" value={formatInteger(leased)} testId="mb-leased" />
              <Stat
                label="Storage spot price (JZ per MB·day)"
                value={formatAmount(market?.price)}
                testId="storage-price"
              />
              <Stat
                label="Staked, economic pool (JZ)"
                value={formatAmount(sum(d.economicPools.items.map((p) => p.totalStaked)))}
                testId="staked-economic"
              />
              <Stat
                label="Staked, honor pool (JZ)"
                value={formatAmount(sum(d.honorPools.items.map((p) => p.totalStaked)))}
                testId="staked-honor"
              />
              <Stat
                label="Insurance pools (JZ)"
                value={formatAmount(sum(d.insuranceProducts.items.map((p) => p.assets)))}
                testId="insured-assets"
              />
              <Stat
                label="Insured now (JZ, active policies)"
                value={formatAmount(sum(d.insurancePolicys.items.map((p) => p.sumInsured)))}
                testId="insured-now"
              />
              <Stat label="Issued tokens" value={formatInteger(d.issuedTokens.items.length)} testId="issued-count" />
              <Stat
                label="Issuers in default now"
                value={formatInteger(d.issuedTokens.items.filter((t) => t.inDefault).length)}
                testId="in-default"
              />
            </div>
          );
        }}
      </QueryView>
    </>
  );
}
