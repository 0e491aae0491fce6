import { expect } from "chai";
import { readFileSync } from "node:fs";
import prettier from "prettier";
import {
  abiIndexSource,
  abiModulePath,
  abiModuleSource,
  EXPORTED_CONTRACTS,
  vocabularySource,
} from "../scripts/export-abis.ts";

async function formatted(source: string, file: string): Promise<string> {
  return prettier.format(source, { ...(await prettier.resolveConfig(file)), filepath: file });
}

describe("abis/ (typed ABIs for keepers and the indexer)", function () {
  for (const name of EXPORTED_CONTRACTS) {
    it(`abis/${name}.ts matches the compiled ${name} (run npm run abis after an interface change)`, async function () {
      expect(readFileSync(abiModulePath(name), "utf8")).to.equal(
        await formatted(abiModuleSource(name), abiModulePath(name)),
      );
    });
  }

  it("abis/index.ts exports every ABI the manifest names (run npm run abis after a manifest change)", async function () {
    const file = abiModulePath("index");
    expect(readFileSync(file, "utf8")).to.equal(await formatted(abiIndexSource(), file));
  });

  it("abis/vocabulary.ts holds the compiled enums and upkeep kinds (run npm run abis after a contract change)", async function () {
    const file = abiModulePath("vocabulary");
    expect(readFileSync(file, "utf8")).to.equal(await formatted(vocabularySource(), file));
  });
});
