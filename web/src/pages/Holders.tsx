// Investors and holders: the largest balances with their votes and delegates (#/holders), and a
// holder's page (#/holders/<address>): balance, votes, delegate, and its history of transfers,
// delegations and referendum votes. "This is my address" makes it "you" on every page (me.ts).
import { formatAmount, formatInteger, formatPercent } from "../format.ts";
import { useGql, type Page } from "../gql.ts";
import { setMe, useMe } from "../me.ts";
import { href, type Route } from "../router.tsx";
import { Addr, QueryView, Section, Stat, useAliases } from "../ui.tsx";

interface Account {
  address: string;
  balance: string;
  votes: string;
  delegate: string | null;
  transferCount: number;
}

const LIST = `{
  accounts(orderBy: "balance", orderDirection: "desc", limit: 100) {
    items { address balance votes delegate transferCount }
  }
  tokenSupply: tokenSupplys(limit: 1) { items { totalSupply } }
}`;

const HOLDER = `query ($a: String!) {
  account(address: $a) { address balance votes delegate transferCount }
  sent: transfers(where: { from: $a }, orderBy: "blockNumber", orderDirection: "desc", limit: 50) {
    items { id from to amount blockNumber timestamp }
  }
  received: transfers(where: { to: $a }, orderBy: "blockNumber", orderDirection: "desc", limit: 50) {
    items { id from to amount blockNumber timestamp }
  }
  delegations(where: { delegator: $a }, orderBy: "blockNumber", orderDirection: "desc", limit: 50) {
    items { id fromDelegate toDelegate blockNumber timestamp }
  }
  votes(where: { voter: $a }, orderBy: "timestamp", orderDirection: "desc", limit: 100) {
    items { proposalId side weight blockNumber }
  }
}`;

interface Transfer {
  id: string;
  from: string;
  to: string;
  amount: string;
  blockNumber: string;
  timestamp: string;
}

function HolderList() {
  const query = useGql<{ accounts: Page<Account>; tokenSupply: Page<{ totalSupply: string }> }>(["holders"], LIST);
  const aliases = useAliases();
  const me = useMe();
  return (
    <>
      <h1>Holders</h1>
      <QueryView query={query} isEmpty={(d) => d.accounts.items.length === 0} empty="No account is indexed yet.">
        {(d) => (
          <Section
            title="Largest balances"
            prefix="h"
            testId="holders"
            empty="No account."
            rows={d.accounts.items}
            rowKey={(a) => a.address}
            defaultSort="balance:desc"
            columns={(h) => [
              {
                key: "address",
                label: "Holder",
                render: (a) => (
                  <a href={href(`/holders/${a.address}`)}>
                    <Addr address={a.address} aliases={aliases} />
                    {a.address.toLowerCase() === me ? <span className="you"> (you)</span> : null}
                  </a>
                ),
              },
              h.amount("balance", "Balance (JZ)", (a) => a.balance),
              {
                key: "share",
                label: "Share of supply",
                numeric: true,
                render: (a) => formatPercent(a.balance, d.tokenSupply.items[0]?.totalSupply ?? "0"),
              },
              h.amount("votes", "Votes (JZ)", (a) => a.votes),
              h.addr("delegate", "Delegates to", (a) => a.delegate, aliases),
              h.int("transfers", "Transfers", (a) => a.transferCount),
            ]}
          />
        )}
      </QueryView>
    </>
  );
}

function Holder({ address }: { address: string }) {
  const valid = /^0x[0-9a-fA-F]{40}$/.test(address);
  const a = address.toLowerCase();
  const query = useGql<{
    account: Account | null;
    sent: Page<Transfer>;
    received: Page<Transfer>;
    delegations: Page<{ id: string; fromDelegate: string; toDelegate: string; blockNumber: string; timestamp: string }>;
    votes: Page<{ proposalId: string; side: string; weight: string; blockNumber: string }>;
  }>(["holder", a], HOLDER, { a: valid ? a : "0x0000000000000000000000000000000000000000" });
  const aliases = useAliases();
  const me = useMe();
  return (
    <>
      <p>
        <a href={href("/holders")}>← Holders</a>
      </p>
      <h1>
        Holder <Addr address={address} aliases={aliases} />
      </h1>
      <p>
        {me === a ? (
          <>
            <b className="you">This is your address.</b>{" "}
            <button type="button" onClick={() => setMe(null)}>
              Forget it
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setMe(a)} disabled={!valid}>
            This is my address
          </button>
        )}
      </p>
      <QueryView
        query={query}
        isEmpty={(d) => !valid || d.account === null}
        empty={valid ? "This address has no indexed balance, vote or delegation." : "Not an address."}
      >
        {(d) => {
          const account = d.account!;
          // Both directions, newest first; a transfer to oneself is listed once.
          const transfers = [...new Map([...d.sent.items, ...d.received.items].map((t) => [t.id, t])).values()]
            .sort((x, y) => (BigInt(y.blockNumber) > BigInt(x.blockNumber) ? 1 : -1))
            .slice(0, 50);
          return (
            <>
              <div className="stats">
                <Stat label="Balance (JZ)" value={formatAmount(account.balance)} testId="holder-balance" />
                <Stat label="Votes (JZ)" value={formatAmount(account.votes)} testId="holder-votes" />
                <Stat
                  label="Delegates to"
                  value={<Addr address={account.delegate} aliases={aliases} />}
                  testId="holder-delegate"
                />
                <Stat label="Transfers" value={formatInteger(account.transferCount)} testId="holder-transfers" />
              </div>
              <Section
                title="Transfers (latest 50)"
                prefix="t"
                testId="holder-transfer-list"
                empty="No transfer."
                rows={transfers}
                rowKey={(t) => t.id}
                defaultSort="block:desc"
                columns={(h) => [
                  h.int("block", "Block", (t) => t.blockNumber),
                  h.time("time", "Time", (t) => t.timestamp),
                  {
                    key: "direction",
                    label: "Direction",
                    render: (t) => (t.from.toLowerCase() === a ? (t.to.toLowerCase() === a ? "self" : "out") : "in"),
                  },
                  h.addr("counterparty", "Counterparty", (t) => (t.from.toLowerCase() === a ? t.to : t.from), aliases),
                  h.amount("amount", "Amount (JZ)", (t) => t.amount),
                ]}
              />
              <Section
                title="Delegations"
                prefix="d"
                testId="holder-delegations"
                empty="Never delegated."
                rows={d.delegations.items}
                rowKey={(x) => x.id}
                defaultSort="block:desc"
                columns={(h) => [
                  h.int("block", "Block", (x) => x.blockNumber),
                  h.time("time", "Time", (x) => x.timestamp),
                  h.addr("from", "From", (x) => x.fromDelegate, aliases),
                  h.addr("to", "To", (x) => x.toDelegate, aliases),
                ]}
              />
              <Section
                title="Referendum votes"
                prefix="v"
                testId="holder-votes-list"
                empty="No vote."
                rows={d.votes.items}
                rowKey={(v) => v.proposalId}
                defaultSort="block:desc"
                columns={(h) => [
                  {
                    key: "proposal",
                    label: "Proposal",
                    render: (v) => <a href={href(`/proposals/${v.proposalId}`)}>#{v.proposalId}</a>,
                  },
                  h.text("side", "Side", (v) => v.side),
                  h.amount("weight", "Weight (JZ)", (v) => v.weight),
                  h.int("block", "Block", (v) => v.blockNumber),
                ]}
              />
            </>
          );
        }}
      </QueryView>
    </>
  );
}

export default function Holders({ route }: { route: Route }) {
  const address = route.path[1];
  return address ? <Holder address={address} /> : <HolderList />;
}
