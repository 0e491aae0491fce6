// A referendum: the live tally against its majority line (3/5 of for+against, 2/3 when
// constitutional) and its quorum, the steps with their blocks, the bloc vote, the council's
// statements, and the votes (sortable by weight, filterable by side: ?side=for&sort=weight:desc).
import { formatAmount, formatInteger, formatPercent, formatTime } from "../format.ts";
import { useGql, type Page } from "../gql.ts";
import { useMe } from "../me.ts";
import { href, type Route } from "../router.tsx";
import { Addr, Filter, QueryView, Stat, Table, useAliases } from "../ui.tsx";

interface Vote {
  voter: string;
  side: string;
  weight: string;
  blockNumber: string;
}
interface Proposal {
  proposalId: string;
  proposer: string;
  descriptionURI: string;
  constitutional: boolean;
  state: string;
  support: string;
  voteStart: string | null;
  voteEnd: string | null;
  forVotes: string;
  againstVotes: string;
  abstainVotes: string;
  voters: number;
  blocSide: string | null;
  blocWeight: string | null;
  responseDeadline: string | null;
  responseMissed: boolean;
  succeeded: boolean | null;
  eta: string | null;
  steps: Page<{ state: string; blockNumber: string; timestamp: string; transactionHash: string }>;
  votes: Page<Vote>;
  statements: Page<{ kind: string; uri: string; blockNumber: string; transactionHash: string; logIndex: number }>;
}

const QUERY = `query ($id: BigInt!) {
  proposal(proposalId: $id) {
    proposalId proposer descriptionURI constitutional state support voteStart voteEnd
    forVotes againstVotes abstainVotes voters blocSide blocWeight responseDeadline responseMissed succeeded eta
    steps(orderBy: "blockNumber", limit: 100) { items { state blockNumber timestamp transactionHash } }
    votes(limit: 1000) { items { voter side weight blockNumber } }
    statements(limit: 100) { items { kind uri blockNumber transactionHash logIndex } }
  }
  parameterChanges(where: { module: "Referendum" }, orderBy: "blockNumber", orderDirection: "desc", limit: 100) {
    items { parameters blockNumber }
  }
}`;

interface Rules {
  quorum: bigint;
  constitutionalQuorum: bigint;
  majority: [bigint, bigint];
  constitutionalMajority: [bigint, bigint];
}

/** The Referendum parameter set a proposal was made under (the contract keeps its rules version
 * from `propose`): the latest change at or before the block of its "Proposed" step. A change in
 * that same block counts (the indexer keeps no order within a block here; governance executes a
 * change and a new proposal in one block only by a batch). DESIGN §4's defaults when none. */
function rulesFor(changes: { parameters: string; blockNumber: string }[], proposedAt: string | undefined): Rules {
  const at = proposedAt === undefined ? undefined : BigInt(proposedAt);
  const change = changes.find((c) => at === undefined || BigInt(c.blockNumber) <= at);
  return rulesOf(change?.parameters);
}

function rulesOf(json: string | undefined): Rules {
  const rules: Rules = {
    quorum: 10n ** 27n,
    constitutionalQuorum: 15n * 10n ** 26n,
    majority: [3n, 5n],
    constitutionalMajority: [2n, 3n],
  };
  if (!json) return rules;
  try {
    const p = JSON.parse(json) as Record<string, unknown>;
    const fraction = (v: unknown): [bigint, bigint] | undefined => {
      const f = v as { numerator?: string; denominator?: string } | undefined;
      return f?.numerator && f.denominator ? [BigInt(f.numerator), BigInt(f.denominator)] : undefined;
    };
    if (typeof p.quorum === "string") rules.quorum = BigInt(p.quorum);
    if (typeof p.constitutionalQuorum === "string") rules.constitutionalQuorum = BigInt(p.constitutionalQuorum);
    rules.majority = fraction(p.majority) ?? rules.majority;
    rules.constitutionalMajority = fraction(p.constitutionalMajority) ?? rules.constitutionalMajority;
  } catch {
    // keep the defaults
  }
  return rules;
}

function Tally({ p, rules }: { p: Proposal; rules: Rules }) {
  const forVotes = BigInt(p.forVotes);
  const against = BigInt(p.againstVotes);
  const decisive = forVotes + against;
  const [num, den] = p.constitutional ? rules.constitutionalMajority : rules.majority;
  // The quorum counts holders' votes only: the bloc's weight adds to a side, never to the turnout.
  const cast = decisive + BigInt(p.abstainVotes) - (p.blocWeight ? BigInt(p.blocWeight) : 0n);
  const quorum = p.constitutional ? rules.constitutionalQuorum : rules.quorum;
  const forPermille = decisive === 0n ? 0 : Number((forVotes * 1000n) / decisive) / 10;
  const linePercent = Number((num * 1000n) / den) / 10;
  const majorityMet = p.constitutional
    ? forVotes > 0n && forVotes * den >= decisive * num
    : forVotes * den > decisive * num;
  return (
    <section aria-labelledby="tally-heading">
      <h2 id="tally-heading">Tally</h2>
      <div
        className="tally"
        role="img"
        aria-label={`For ${formatPercent(forVotes, decisive || 1n)} of for and against; the line at ${num}/${den}`}
      >
        <div className="for" style={{ width: `${forPermille}%` }} />
        <div className="against" style={{ width: `${decisive === 0n ? 0 : 100 - forPermille}%` }} />
        <div className="line" style={{ left: `${linePercent}%` }} title={`${num}/${den}`} />
      </div>
      <p className="legend">
        For <span data-testid="tally-for-share">{decisive === 0n ? "—" : formatPercent(forVotes, decisive)}</span> of
        for+against; it needs {p.constitutional ? "at least" : "more than"} {num.toString()}/{den.toString()} (
        {formatPercent(num, den)}): <b data-testid="majority-met">{majorityMet ? "met" : "not met"}</b>. Turnout{" "}
        <span data-testid="turnout">{formatAmount(cast)}</span> of the quorum {formatAmount(quorum)} JZ (
        {formatPercent(cast, quorum)}): <b data-testid="quorum-met">{cast >= quorum ? "met" : "not met"}</b>.
      </p>
      <div className="stats">
        <Stat label="For (JZ)" value={formatAmount(p.forVotes)} testId="tally-for" />
        <Stat label="Against (JZ)" value={formatAmount(p.againstVotes)} testId="tally-against" />
        <Stat label="Abstain (JZ)" value={formatAmount(p.abstainVotes)} testId="tally-abstain" />
        <Stat label="Voters" value={formatInteger(p.voters)} testId="tally-voters" />
        <Stat
          label="Bloc vote"
          value={p.blocSide ? `${p.blocSide}, ${formatAmount(p.blocWeight)} JZ` : "not cast"}
          testId="bloc"
        />
      </div>
    </section>
  );
}

export default function Referendum({ route }: { route: Route }) {
  const id = route.path[1] ?? "";
  const valid = /^\d+$/.test(id);
  const query = useGql<{
    proposal: Proposal | null;
    parameterChanges: Page<{ parameters: string; blockNumber: string }>;
  }>(["proposal", id], QUERY, { id: valid ? id : "0" });
  const aliases = useAliases();
  const me = useMe();
  const side = route.params.get("side") ?? "";
  return (
    <>
      <p>
        <a href={href("/proposals")}>← Proposals</a>
      </p>
      <h1>Proposal #{id}</h1>
      <QueryView query={query} isEmpty={(d) => !valid || d.proposal === null} empty={`No proposal ${id} is indexed.`}>
        {(d) => {
          const p = d.proposal!;
          const proposed = p.steps.items.find((s) => s.state === "Proposed")?.blockNumber;
          const rules = rulesFor(d.parameterChanges.items, proposed);
          const votes = p.votes.items.filter((v) => !side || v.side === side);
          const mine = me ? p.votes.items.find((v) => v.voter.toLowerCase() === me) : undefined;
          return (
            <>
              <p>
                <b data-testid="proposal-state">{p.state}</b> · {p.constitutional ? "constitutional" : "ordinary"} ·
                proposed by <Addr address={p.proposer} aliases={aliases} /> · {p.descriptionURI} · voting{" "}
                {formatTime(p.voteStart)} to {formatTime(p.voteEnd)}
                {p.responseMissed ? " · the council missed its response" : ""}
              </p>
              <Tally p={p} rules={rules} />
              {me ? (
                <p className="you" data-testid="you-voted">
                  {mine
                    ? `You voted ${mine.side} with ${formatAmount(mine.weight)} JZ at block ${formatInteger(mine.blockNumber)}.`
                    : "You have not voted on this proposal."}
                </p>
              ) : null}
              <h2>Steps</h2>
              <ol data-testid="steps">
                {p.steps.items.map((s) => (
                  <li key={`${s.state}-${s.blockNumber}`}>
                    {s.state} at block {formatInteger(s.blockNumber)} ({formatTime(s.timestamp)})
                  </li>
                ))}
              </ol>
              <h2>The council's response</h2>
              <p data-testid="council-response">
                {p.responseDeadline === null
                  ? "The council has not been asked yet (the proposal is still gathering support)."
                  : p.responseMissed
                    ? `The council missed its response, due ${formatTime(p.responseDeadline)}.`
                    : `Due by ${formatTime(p.responseDeadline)}; ${p.statements.items.length} statement${p.statements.items.length === 1 ? "" : "s"}.`}
              </p>
              {p.statements.items.length === 0 ? (
                <p className="empty">No statement.</p>
              ) : (
                <ul>
                  {p.statements.items.map((s) => (
                    <li key={`${s.transactionHash}-${s.logIndex}`}>
                      {s.kind} at block {formatInteger(s.blockNumber)}: {s.uri}
                    </li>
                  ))}
                </ul>
              )}
              <h2>Votes</h2>
              <Filter
                name="side"
                label="Side"
                options={["for", "against", "abstain"].map((s) => ({ value: s, label: s }))}
              />
              {votes.length === 0 ? (
                <p className="empty">No votes{side ? ` for ${side}` : ""}.</p>
              ) : (
                <Table
                  caption="Votes"
                  testId="votes"
                  rows={votes}
                  rowKey={(v) => v.voter}
                  defaultSort="weight:desc"
                  columns={[
                    {
                      key: "voter",
                      label: "Voter",
                      render: (v) => (
                        <>
                          <Addr address={v.voter} aliases={aliases} />
                          {v.voter.toLowerCase() === me ? <span className="you"> (you)</span> : null}
                        </>
                      ),
                    },
                    { key: "side", label: "Side", sortValue: (v) => v.side, render: (v) => v.side },
                    {
                      key: "weight",
                      label: "Weight (JZ)",
                      amount: true,
                      sortValue: (v) => v.weight,
                      render: (v) => formatAmount(v.weight),
                    },
                    {
                      key: "block",
                      label: "Block",
                      amount: true,
                      sortValue: (v) => v.blockNumber,
                      render: (v) => formatInteger(v.blockNumber),
                    },
                  ]}
                />
              )}
            </>
          );
        }}
      </QueryView>
    </>
  );
}
