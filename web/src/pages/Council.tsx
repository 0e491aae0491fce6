// The council: sitting members with term progress, elections with candidates and tallies,
// statements and reserve payments; past terms stay listed.
import { formatPercent } from "../format.ts";
import { useGql, type Page } from "../gql.ts";
import { QueryView, Section, useAliases } from "../ui.tsx";

interface Data {
  councilTerms: Page<{
    termId: string;
    start: string;
    end: string;
    seats: number;
    current: boolean;
    installmentsPaid: number;
  }>;
  councilMembers: Page<{
    id: string;
    termId: string;
    member: string;
    votes: string;
    sitting: boolean;
    removed: boolean;
    termEnd: string;
  }>;
  elections: Page<{
    electionId: string;
    votingStart: string;
    votingEnd: string;
    candidateCount: number;
    voters: number;
    status: string;
    termId: string | null;
  }>;
  candidates: Page<{
    id: string;
    electionId: string;
    candidate: string;
    votes: string;
    bond: string;
    elected: boolean;
  }>;
  statements: Page<{
    subject: string;
    kind: string;
    proposalId: string;
    account: string;
    uri: string;
    timestamp: string;
  }>;
  reservePayments: Page<{
    id: string;
    purpose: string;
    to: string;
    amount: string;
    byReferendum: boolean;
    timestamp: string;
  }>;
}

const QUERY = `{
  councilTerms(orderBy: "termId", orderDirection: "desc", limit: 100) { items { termId start end seats current installmentsPaid } }
  councilMembers(orderBy: "termId", orderDirection: "desc", limit: 1000) { items { id termId member votes sitting removed termEnd } }
  elections(orderBy: "electionId", orderDirection: "desc", limit: 100) { items { electionId votingStart votingEnd candidateCount voters status termId } }
  candidates(limit: 1000) { items { id electionId candidate votes bond elected } }
  statements(orderBy: "timestamp", orderDirection: "desc", limit: 200) { items { subject kind proposalId account uri timestamp } }
  reservePayments(orderBy: "timestamp", orderDirection: "desc", limit: 200) { items { id purpose to amount byReferendum timestamp } }
}`;

export default function Council() {
  const query = useGql<Data>(["council"], QUERY);
  const aliases = useAliases();
  return (
    <>
      <h1>Council</h1>
      <QueryView query={query}>
        {(d) => {
          const terms = new Map(d.councilTerms.items.map((t) => [t.termId, t]));
          const nowSeconds = BigInt(Math.floor(Date.now() / 1000));
          return (
            <>
              <Section
                title="Sitting members"
                prefix="s"
                testId="sitting"
                empty="No sitting member."
                rows={d.councilMembers.items.filter((m) => m.sitting)}
                rowKey={(m) => m.id}
                defaultSort="votes:desc"
                columns={(h) => [
                  h.addr("member", "Member", (m) => m.member, aliases),
                  h.text("term", "Term", (m) => m.termId),
                  h.amount("votes", "Votes (JZ)", (m) => m.votes),
                  {
                    key: "progress",
                    label: "Term progress",
                    render: (m) => {
                      const t = terms.get(m.termId);
                      if (!t) return "—";
                      const span = BigInt(t.end) - BigInt(t.start);
                      const done =
                        nowSeconds < BigInt(t.start)
                          ? 0n
                          : nowSeconds > BigInt(t.end)
                            ? span
                            : nowSeconds - BigInt(t.start);
                      return span > 0n ? formatPercent(done, span, 0) : "—";
                    },
                  },
                  h.time("end", "Term ends", (m) => m.termEnd),
                ]}
              />
              <Section
                title="Terms"
                prefix="t"
                empty="No term."
                rows={d.councilTerms.items}
                rowKey={(t) => t.termId}
                columns={(h) => [
                  h.text("term", "Term", (t) => t.termId),
                  h.time("start", "Start", (t) => t.start),
                  h.time("end", "End", (t) => t.end),
                  h.int("seats", "Seats", (t) => t.seats),
                  h.text("current", "Current", (t) => (t.current ? "yes" : "no")),
                  h.int("paid", "Installments paid", (t) => t.installmentsPaid),
                ]}
              />
              <Section
                title="Elections"
                testId="elections"
                prefix="e"
                empty="No election yet."
                rows={d.elections.items}
                rowKey={(e) => e.electionId}
                columns={(h) => [
                  h.text("id", "Election", (e) => e.electionId),
                  h.text("status", "Status", (e) => e.status),
                  h.time("start", "Voting starts", (e) => e.votingStart),
                  h.time("end", "Voting ends", (e) => e.votingEnd),
                  h.int("candidates", "Candidates", (e) => e.candidateCount),
                  h.int("voters", "Voters", (e) => e.voters),
                ]}
              />
              <Section
                title="Candidates"
                testId="candidates"
                prefix="c"
                empty="No candidate yet."
                rows={d.candidates.items}
                rowKey={(c) => c.id}
                defaultSort="votes:desc"
                columns={(h) => [
                  h.text("election", "Election", (c) => c.electionId),
                  h.addr("candidate", "Candidate", (c) => c.candidate, aliases),
                  h.amount("votes", "Votes (JZ)", (c) => c.votes),
                  h.amount("bond", "Bond (JZ)", (c) => c.bond),
                  h.text("elected", "Elected", (c) => (c.elected ? "yes" : "no")),
                ]}
              />
              <Section
                title="Statements"
                prefix="st"
                empty="No statement yet."
                rows={d.statements.items}
                rowKey={(s) => s.subject}
                columns={(h) => [
                  h.time("time", "Time", (s) => s.timestamp),
                  h.text("kind", "Kind", (s) => s.kind),
                  h.text("proposal", "Proposal", (s) => (s.proposalId === "0" ? null : `#${s.proposalId}`)),
                  h.addr("account", "Account", (s) => (/^0x0+$/.test(s.account) ? null : s.account), aliases),
                  h.text("uri", "Text", (s) => s.uri),
                ]}
              />
              <Section
                title="Reserve payments"
                prefix="r"
                empty="No payment out of the reserve yet."
                rows={d.reservePayments.items}
                rowKey={(r) => r.id}
                columns={(h) => [
                  h.time("time", "Time", (r) => r.timestamp),
                  h.text("purpose", "Purpose", (r) => r.purpose),
                  h.addr("to", "To", (r) => r.to, aliases),
                  h.amount("amount", "Amount (JZ)", (r) => r.amount),
                  h.text("by", "By", (r) => (r.byReferendum ? "referendum" : "council")),
                ]}
              />
            </>
          );
        }}
      </QueryView>
    </>
  );
}
