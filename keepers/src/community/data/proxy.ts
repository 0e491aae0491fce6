// `jiaozi proxy`: a data-market proxy's daemon. Its one job, proxy-deliver, watches the orders
// naming this proxy that are still Paid before their delivery deadline; for each it opens the
// key the seller shared with it, fetches the data (the lease's providers or the URL), checks the
// content hash, re-encrypts the key to the buyer's public key and delivers it (DataMarket.deliver).
// An order whose data cannot be had or does not match is left undelivered (and logged): the buyer
// is refunded at the deadline, and the proxy never witnesses data it did not check.
import type { Address, Hex } from "viem";
import type { Job } from "../../core/job.ts";
import { chainTime } from "../../core/chainTime.ts";
import { call, contract, type AbiOf } from "../../core/contracts.ts";
import type { Logger } from "../../core/log.ts";
import { prepareDelivery } from "./market.ts";
import { OrderState, placedOrders } from "./views.ts";

export interface Delivery {
  orderId: bigint;
  encryptedKey: Hex;
  witness: Hex;
}

/** The proxy-deliver job of the proxy `proxy`, whose messaging private key is `privateKey`. */
export function proxyDeliverJob(proxy: Address, privateKey: Hex, log: Logger): Job<Delivery, AbiOf<"DataMarket">> {
  const failed = new Map<bigint, number>();
  return {
    name: "proxy-deliver",
    description: "Deliver the data key of orders naming this proxy, re-encrypted to the buyer (DataMarket.deliver)",
    contracts: ["DataMarket", "AliasRegistry", "LandlordRegistry"],
    defaultIntervalMs: 3_000,
    settledErrors: ["WrongState", "WindowClosed"],

    async due(context) {
      const market = contract(context, "DataMarket");
      const mine = (await placedOrders(context)).filter((o) => o.proxy.toLowerCase() === proxy.toLowerCase());
      const now = await chainTime(context.client);
      const due: Delivery[] = [];
      for (const order of mine) {
        if (order.deliverBy <= now) continue;
        const state = (await market.read.orderOf([order.orderId])).state;
        if (state !== OrderState.Paid) continue;
        // A failed preparation is retried at most every 30 s (the providers may be catching up).
        if (Date.now() - (failed.get(order.orderId) ?? 0) < 30_000) continue;
        try {
          due.push(await prepareDelivery(context, privateKey, order));
          failed.delete(order.orderId);
        } catch (error) {
          failed.set(order.orderId, Date.now());
          log.warn({ orderId: order.orderId.toString(), err: (error as Error).message }, "order not deliverable");
        }
      }
      return due;
    },

    call: (context, item) => call(context, "DataMarket", "deliver", [item.orderId, item.encryptedKey, item.witness]),
    label: (item) => `order ${item.orderId}`,
  };
}
