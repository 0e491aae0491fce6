// Proposals and referenda: status filter and sorting in the URL (?state=Referendum&sort=for:desc).
import { formatAmount, formatInteger, formatTime } from "../format.ts";
import { useGql, type Page } from "../gql.ts";
import { href, type Route } from "../router.tsx";
import { Addr, Filter, QueryView, Table, useAliases } from "../ui.tsx";

const STATES = [
  "Proposed",
  "CouncilResponse",
  "Referendum",
  "Defeated",
  "Succeeded",
  "Queued",
  "Executed",
  "Expired",
  "Canceled",
];

interface Proposal {
  proposalId: string;
  proposer: string;
  descriptionURI: string;
  constitutional: boolean;
  state: string;
  support: string;
  forVotes: string;
  againstVotes: string;
  abstainVotes: string;
  voters: number;
  voteEnd: string | null;
  createdAt: string;
}

const QUERY = `query ($where: proposalFilter) {
  proposals(where: $where, orderBy: "proposalId", orderDirection: "desc", limit: 1000) {
    items { proposalId proposer descriptionURI constitutional state support forVotes againstVotes abstainVotes voters voteEnd createdAt }
  }
}`;

export default function Proposals({ route }: { route: Route }) {
  const state = route.params.get("state") ?? "";
  // An enum filter is a variable, so the state name is checked by the schema, not spliced in.
  const where = STATES.includes(state) ? { state } : {};
  const query = useGql<{ proposals: Page<Proposal> }>(["proposals"], QUERY, { where });
  const aliases = useAliases();
  return (
    <>
      <h1>Proposals and referenda</h1>
      <Filter name="state" label="State" options={STATES.map((s) => ({ value: s, label: s }))} />
      <QueryView query={query} isEmpty={(d) => d.proposals.items.length === 0} empty="No proposals match.">
        {(d) => (
          <Table
            caption="Proposals"
            testId="proposals"
            rows={d.proposals.items}
            rowKey={(p) => p.proposalId}
            defaultSort="id:desc"
            columns={[
              {
                key: "id",
                label: "Id",
                numeric: true,
                amount: true,
                sortValue: (p) => p.proposalId,
                render: (p) => <a href={href(`/proposals/${p.proposalId}`)}>#{p.proposalId}</a>,
              },
              { key: "description", label: "Description", render: (p) => p.descriptionURI || "—" },
              { key: "state", label: "State", sortValue: (p) => p.state, render: (p) => p.state },
              { key: "kind", label: "Kind", render: (p) => (p.constitutional ? "constitutional" : "ordinary") },
              { key: "proposer", label: "Proposer", render: (p) => <Addr address={p.proposer} aliases={aliases} /> },
              {
                key: "support",
                label: "Support (JZ)",
                amount: true,
                sortValue: (p) => p.support,
                render: (p) => formatAmount(p.support),
              },
              {
                key: "for",
                label: "For (JZ)",
                amount: true,
                sortValue: (p) => p.forVotes,
                render: (p) => formatAmount(p.forVotes),
              },
              {
                key: "against",
                label: "Against (JZ)",
                amount: true,
                sortValue: (p) => p.againstVotes,
                render: (p) => formatAmount(p.againstVotes),
              },
              {
                key: "voters",
                label: "Voters",
                numeric: true,
                sortValue: (p) => p.voters,
                render: (p) => formatInteger(p.voters),
              },
              {
                key: "end",
                label: "Voting ends",
                amount: true,
                sortValue: (p) => p.voteEnd,
                render: (p) => formatTime(p.voteEnd),
              },
            ]}
          />
        )}
      </QueryView>
    </>
  );
}
