import { expect } from "chai";
import { readFileSync } from "node:fs";
import prettier from "prettier";
import { abiModulePath, abiModuleSource, EXPORTED_CONTRACTS } from "../scripts/export-abis.ts";

describe("abis/ (typed ABIs for keepers and the indexer)", function () {
  for (const name of Object.keys(EXPORTED_CONTRACTS)) {
    it(`abis/${name}.ts matches the compiled ${name} (run npm run abis after an interface change)`, async function () {
      const options = { ...(await prettier.resolveConfig(abiModulePath(name))), filepath: abiModulePath(name) };
      const expected = await prettier.format(abiModuleSource(name), options);
      expect(readFileSync(abiModulePath(name), "utf8")).to.equal(expected);
    });
  }
});
