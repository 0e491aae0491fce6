// DataMarket gas rows (issue 18 part 9): buy (price + upkeep fee escrowed, the buyer's key read
// from the AliasRegistry), deliver (a 97-byte ECIES key), confirm (seller and proxy paid), and
// release of one silent order by a keeper (with its bounty), the refund of an undelivered one and
// unshareKey. Measured on the unit fixture (real
// AliasRegistry and KeeperRewards, stubbed Committee, leases and reserve); bench/gas.ts adds them.
import { hexlify, id, randomBytes, type ContractTransactionResponse } from "ethers";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import { DATA_PARAMETERS, deployDataMarket, E18 } from "../test/helpers/dataMarketFixture.ts";

export interface DataMarketRow {
  operation: string;
  jiaozi: bigint;
}

export async function dataMarketRows(ethers: HardhatEthers, helpers: NetworkHelpers) {
  const rows: DataMarketRow[] = [];
  const gasOf = async (tx: Promise<ContractTransactionResponse>) => (await (await tx).wait())!.gasUsed;
  const { market, seller, buyer, proxy, keeper } = await deployDataMarket(ethers);
  await market.connect(seller).list("bench", "a,b", "ipfs://d", 100n * E18, id("data"), 7n, "");
  await market.connect(proxy).registerProxy(2_000n * E18, 1_000n);
  await market.connect(seller).shareKey(1n, proxy.address, hexlify(randomBytes(97)));
  // A first order warms the seller's, proxy's and market's balances as on a live market.
  await market.connect(buyer).buy(1n, proxy.address);
  await market.connect(proxy).deliver(1n, hexlify(randomBytes(97)), id("data"));
  await market.connect(buyer).confirm(1n);

  rows.push({ operation: "DataMarket buy", jiaozi: await gasOf(market.connect(buyer).buy(1n, proxy.address)) });
  rows.push({
    operation: "DataMarket deliver (97-byte key)",
    jiaozi: await gasOf(market.connect(proxy).deliver(2n, hexlify(randomBytes(97)), id("data"))),
  });
  rows.push({ operation: "DataMarket confirm", jiaozi: await gasOf(market.connect(buyer).confirm(2n)) });
  await market.connect(buyer).buy(1n, proxy.address);
  await market.connect(proxy).deliver(3n, hexlify(randomBytes(97)), id("data"));
  await helpers.time.increase(DATA_PARAMETERS.confirmationWindow);
  rows.push({
    operation: "DataMarket release (1 order, keeper bounty)",
    jiaozi: await gasOf(market.connect(keeper).release([3n])),
  });
  // An order never delivered: after the delivery window a keeper refunds the buyer (the price; the
  // upkeep fee pays its bounty).
  await market.connect(buyer).buy(1n, proxy.address);
  await helpers.time.increase(DATA_PARAMETERS.deliveryWindow);
  rows.push({
    operation: "DataMarket refund (1 undelivered order, keeper bounty)",
    jiaozi: await gasOf(market.connect(keeper).refund([4n])),
  });
  rows.push({
    operation: "DataMarket unshareKey (the seller withdraws a proxy's key)",
    jiaozi: await gasOf(market.connect(seller).unshareKey(1n, proxy.address)),
  });
  return rows;
}
