// Prometheus metrics of the daemon (prom-client), served on /metrics by server.ts.
import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";

export class KeeperMetrics {
  readonly registry = new Registry();
  readonly checked = new Counter({
    name: "keeper_jobs_checked_total",
    help: "Polls of a job's due-work view",
    labelNames: ["job"],
    registers: [this.registry],
  });
  readonly due = new Gauge({
    name: "keeper_items_due",
    help: "Work items due at the job's last poll",
    labelNames: ["job"],
    registers: [this.registry],
  });
  readonly sent = new Counter({
    name: "keeper_transactions_sent_total",
    help: "Upkeep transactions sent",
    labelNames: ["job"],
    registers: [this.registry],
  });
  readonly succeeded = new Counter({
    name: "keeper_transactions_succeeded_total",
    help: "Upkeep transactions mined with success",
    labelNames: ["job"],
    registers: [this.registry],
  });
  readonly lostRaces = new Counter({
    name: "keeper_lost_races_total",
    help: "Items another keeper did first (a NotDue-style revert in simulation or on chain)",
    labelNames: ["job", "stage"],
    registers: [this.registry],
  });
  readonly reverted = new Counter({
    name: "keeper_reverted_total",
    help: "Items that reverted for a reason other than being done already",
    labelNames: ["job", "stage"],
    registers: [this.registry],
  });
  readonly rpcErrors = new Counter({
    name: "keeper_rpc_errors_total",
    help: "RPC calls that failed and were retried",
    labelNames: ["operation"],
    registers: [this.registry],
  });
  readonly gasSpent = new Counter({
    name: "keeper_gas_spent_wei_total",
    help: "Wei spent on gas by upkeep transactions",
    labelNames: ["job"],
    registers: [this.registry],
  });
  readonly signerBalance = new Gauge({
    name: "keeper_signer_balance_wei",
    help: "The signer's native balance at the last check",
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: "keeper_" });
  }
}
