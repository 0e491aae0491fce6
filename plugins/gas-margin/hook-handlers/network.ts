// eth_estimateGas results on HTTP networks, plus GAS_MARGIN_PERCENT.
import type { NetworkHooks } from "hardhat/types/hooks";

export const GAS_MARGIN_PERCENT = 20n;

export default async (): Promise<Partial<NetworkHooks>> => ({
  async onRequest(context, networkConnection, jsonRpcRequest, next) {
    const response = await next(context, networkConnection, jsonRpcRequest);
    if (
      jsonRpcRequest.method !== "eth_estimateGas" ||
      networkConnection.networkConfig.type !== "http" ||
      !("result" in response) ||
      typeof response.result !== "string"
    ) {
      return response;
    }
    const estimate = BigInt(response.result);
    return { ...response, result: `0x${((estimate * (100n + GAS_MARGIN_PERCENT)) / 100n).toString(16)}` };
  },
});
