// Keepers: who does the upkeep, their jobs and bounties, and the bounty of each kind.
import { useGql, type Page } from "../gql.ts";
import { QueryView, Section, useAliases } from "../ui.tsx";

interface Data {
  keepers: Page<{ address: string; jobs: number; earned: string; unpaidJobs: number }>;
  keeperBountys: Page<{
    id: string;
    kind: string;
    keeper: string;
    module: string;
    amount: string;
    paid: boolean;
    timestamp: string;
  }>;
  upkeepKinds: Page<{ kind: string; module: string; bounty: string }>;
}

const QUERY = `{
  keepers(orderBy: "earned", orderDirection: "desc", limit: 1000) { items { address jobs earned unpaidJobs } }
  keeperBountys(orderBy: "timestamp", orderDirection: "desc", limit: 200) { items { id kind keeper module amount paid timestamp } }
  upkeepKinds(limit: 1000) { items { kind module bounty } }
}`;

/** A bytes32 kind ("Referendum.close" right-padded with zeros) as its text. */
function kindName(hex: string): string {
  const bytes = hex.replace(/^0x/, "").match(/../g) ?? [];
  const text = bytes
    .map((b) => parseInt(b, 16))
    .filter((c) => c !== 0)
    .map((c) => String.fromCharCode(c))
    .join("");
  return /^[\x20-\x7e]+$/.test(text) ? text : hex;
}

export default function Keepers() {
  const query = useGql<Data>(["keepers"], QUERY);
  const aliases = useAliases();
  return (
    <>
      <h1>Keepers</h1>
      <QueryView query={query}>
        {(d) => (
          <>
            <Section
              title="Keepers"
              prefix="k"
              testId="keepers"
              empty="No keeper has been paid yet."
              rows={d.keepers.items}
              rowKey={(k) => k.address}
              defaultSort="earned:desc"
              columns={(h) => [
                h.addr("address", "Keeper", (k) => k.address, aliases),
                h.int("jobs", "Jobs", (k) => k.jobs),
                h.amount("earned", "Earned (JZ)", (k) => k.earned),
                h.int("unpaid", "Unpaid jobs", (k) => k.unpaidJobs),
              ]}
            />
            <Section
              title="Recent bounties"
              prefix="b"
              empty="No bounty yet."
              rows={d.keeperBountys.items}
              rowKey={(b) => b.id}
              columns={(h) => [
                h.time("time", "Time", (b) => b.timestamp),
                h.text("kind", "Kind", (b) => kindName(b.kind)),
                h.addr("keeper", "Keeper", (b) => b.keeper, aliases),
                h.amount("amount", "Amount (JZ)", (b) => b.amount),
                h.text("paid", "Paid", (b) => (b.paid ? "yes" : "no")),
              ]}
            />
            <Section
              title="Upkeep kinds"
              prefix="u"
              testId="upkeep-kinds"
              empty="No upkeep kind registered."
              rows={d.upkeepKinds.items}
              rowKey={(u) => u.kind}
              columns={(h) => [
                h.text("kind", "Kind", (u) => kindName(u.kind)),
                h.amount("bounty", "Bounty (JZ)", (u) => u.bounty),
              ]}
            />
          </>
        )}
      </QueryView>
    </>
  );
}
