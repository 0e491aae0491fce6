// Staking pools: the economic pool's rounds (budget, APR), stakers, honor nodes, the committee.
import { formatAmount, formatInteger } from "../format.ts";
import { useGql, type Page } from "../gql.ts";
import { QueryView, Section, Stat, useAliases } from "../ui.tsx";

interface Data {
  economicPools: Page<{
    address: string;
    totalStaked: string;
    stakers: number;
    settledRounds: string;
    budgetReceived: string;
    rewardsPaid: string;
  }>;
  stakingSettlements: Page<{
    id: string;
    fromRound: string;
    toRound: string;
    received: string;
    allocated: string;
    aprBps: number | null;
  }>;
  stakers: Page<{ address: string; principal: string; economicNode: boolean; rewardsPaid: string }>;
  honorNodes: Page<{ address: string; stake: string; pending: string; honorNode: boolean; slashed: string }>;
  committeeTerms: Page<{
    term: string;
    status: string;
    candidates: number;
    members: string[] | null;
    received: string;
    paid: string;
  }>;
  committeeCandidates: Page<{
    id: string;
    term: string;
    node: string;
    reputation: string | null;
    seat: number | null;
    dutiesAssigned: number;
    dutiesDone: number;
    reward: string;
    slashed: string;
  }>;
  reputationFactorss: Page<{
    id: string;
    term: string;
    node: string;
    timepoint: string;
    stake: string;
    jobs: string;
    proofsPassed: string;
    duties: string;
    abBps: number;
    txBps: number;
    prBps: number;
    dcBps: number;
    bmBps: number;
    rpt: number;
  }>;
}

/** Basis points as a percent with two decimals. */
const bps = (value: number) => `${formatAmount(String(value), { decimals: 2 })}%`;

const QUERY = `{
  economicPools(limit: 10) { items { address totalStaked stakers settledRounds budgetReceived rewardsPaid } }
  stakingSettlements(limit: 200) { items { id fromRound toRound received allocated aprBps } }
  stakers(orderBy: "principal", orderDirection: "desc", limit: 1000) { items { address principal economicNode rewardsPaid } }
  honorNodes(limit: 1000) { items { address stake pending honorNode slashed } }
  committeeTerms(orderBy: "term", orderDirection: "desc", limit: 50) { items { term status candidates members received paid } }
  committeeCandidates(limit: 1000) { items { id term node reputation seat dutiesAssigned dutiesDone reward slashed } }
  reputationFactorss(orderBy: "term", orderDirection: "desc", limit: 1000) { items { id term node timepoint stake jobs proofsPassed duties abBps txBps prBps dcBps bmBps rpt } }
}`;

export default function Staking() {
  const query = useGql<Data>(["staking"], QUERY);
  const aliases = useAliases();
  return (
    <>
      <h1>Staking</h1>
      <QueryView query={query}>
        {(d) => {
          const pool = d.economicPools.items[0];
          return (
            <>
              <div className="stats">
                <Stat
                  label="Economic pool staked (JZ)"
                  value={formatAmount(pool?.totalStaked)}
                  testId="economic-staked"
                />
                <Stat label="Stakers" value={formatInteger(pool?.stakers)} />
                <Stat label="Rounds settled" value={formatInteger(pool?.settledRounds)} />
                <Stat label="Rewards paid (JZ)" value={formatAmount(pool?.rewardsPaid)} />
              </div>
              <Section
                title="Rounds"
                testId="rounds"
                prefix="r"
                empty="No round settled yet."
                rows={d.stakingSettlements.items}
                rowKey={(s) => s.id}
                columns={(h) => [
                  h.text("rounds", "Rounds", (s) => `${s.fromRound}–${s.toRound}`),
                  h.amount("budget", "Budget received (JZ)", (s) => s.received),
                  h.amount("allocated", "Allocated (JZ)", (s) => s.allocated),
                  {
                    key: "apr",
                    label: "APR",
                    numeric: true,
                    sortValue: (s) => s.aprBps,
                    render: (s) => (s.aprBps === null ? "—" : `${formatAmount(String(s.aprBps), { decimals: 2 })}%`),
                  },
                ]}
              />
              <Section
                title="Stakers"
                testId="stakers"
                prefix="s"
                empty="No staker yet."
                rows={d.stakers.items}
                rowKey={(s) => s.address}
                defaultSort="principal:desc"
                columns={(h) => [
                  h.addr("address", "Staker", (s) => s.address, aliases),
                  h.amount("principal", "Principal (JZ)", (s) => s.principal),
                  h.text("node", "Economic node", (s) => (s.economicNode ? "yes" : "no")),
                  h.amount("rewards", "Rewards paid (JZ)", (s) => s.rewardsPaid),
                ]}
              />
              <Section
                title="Honor nodes"
                testId="honor-nodes"
                prefix="h"
                empty="No honor node yet."
                rows={d.honorNodes.items}
                rowKey={(h) => h.address}
                defaultSort="stake:desc"
                columns={(h) => [
                  h.addr("address", "Node", (h) => h.address, aliases),
                  h.amount("stake", "Stake (JZ)", (h) => h.stake),
                  h.amount("pending", "Withdrawing (JZ)", (h) => h.pending),
                  h.text("honor", "Honor node", (h) => (h.honorNode ? "yes" : "no")),
                  h.amount("slashed", "Slashed (JZ)", (h) => h.slashed),
                ]}
              />
              <Section
                title="Committee terms"
                testId="committee-terms"
                prefix="t"
                empty="No committee term yet."
                rows={d.committeeTerms.items}
                rowKey={(t) => t.term}
                columns={(h) => [
                  h.text("term", "Term", (t) => t.term),
                  h.text("status", "Status", (t) => t.status),
                  h.int("candidates", "Candidates", (t) => t.candidates),
                  h.int("members", "Members", (t) => t.members?.length ?? 0),
                  h.amount("received", "Received (JZ)", (t) => t.received),
                  h.amount("paid", "Paid (JZ)", (t) => t.paid),
                ]}
              />
              <Section
                title="Committee candidates and duties"
                prefix="c"
                empty="No candidate yet."
                rows={d.committeeCandidates.items}
                rowKey={(c) => c.id}
                columns={(h) => [
                  h.text("term", "Term", (c) => c.term),
                  h.addr("node", "Node", (c) => c.node, aliases),
                  {
                    // Committee's draw weight: the RPT (basis points) at the candidacy's close, capped
                    // by the RPT declared with, at least 1.
                    key: "reputation",
                    label: "Draw weight (RPT)",
                    numeric: true,
                    sortValue: (c) => c.reputation,
                    render: (c) => (c.reputation === null ? "—" : bps(Number(c.reputation))),
                  },
                  h.int("seat", "Seat", (c) => c.seat),
                  h.text("duties", "Duties done", (c) => `${c.dutiesDone} of ${c.dutiesAssigned}`),
                  h.amount("reward", "Reward (JZ)", (c) => c.reward),
                  h.amount("slashed", "Slashed (JZ)", (c) => c.slashed),
                ]}
              />
              <Section
                title="Reputation factors (frozen at each candidacy's close)"
                prefix="f"
                testId="reputation-factors"
                empty="No reputation frozen yet."
                rows={d.reputationFactorss.items}
                rowKey={(f) => f.id}
                columns={(h) => [
                  h.text("term", "Term", (f) => f.term),
                  h.addr("node", "Node", (f) => f.node, aliases),
                  {
                    key: "ab",
                    label: "Stake (AB)",
                    numeric: true,
                    sortValue: (f) => f.abBps,
                    render: (f) => bps(f.abBps),
                  },
                  {
                    key: "tx",
                    label: "Jobs (TX)",
                    numeric: true,
                    sortValue: (f) => f.txBps,
                    render: (f) => bps(f.txBps),
                  },
                  {
                    key: "pr",
                    label: "Proofs (PR)",
                    numeric: true,
                    sortValue: (f) => f.prBps,
                    render: (f) => bps(f.prBps),
                  },
                  {
                    key: "dc",
                    label: "Duties (DC)",
                    numeric: true,
                    sortValue: (f) => f.dcBps,
                    render: (f) => bps(f.dcBps),
                  },
                  {
                    key: "bm",
                    label: "Storage (BM)",
                    numeric: true,
                    sortValue: (f) => f.bmBps,
                    render: (f) => bps(f.bmBps),
                  },
                  { key: "rpt", label: "RPT", numeric: true, sortValue: (f) => f.rpt, render: (f) => bps(f.rpt) },
                ]}
              />
            </>
          );
        }}
      </QueryView>
    </>
  );
}
