// Every table of an indexer as its GraphQL serves it, and the comparison of two such dumps: the
// consistency tests (reorgs, restarts) and the simulated year compare indexers with it.
import { expect } from "chai";
import { graphql } from "../../scripts/stack.ts";

interface TypeRef {
  name: string | null;
  kind: string;
  ofType: TypeRef | null;
}

const TYPE_REF = "name kind ofType { name kind ofType { name kind ofType { name kind } } }";

function named(type: TypeRef): TypeRef {
  return type.ofType ? named(type.ofType) : type;
}

/** Every table's rows as GraphQL serves them: { pluralField: sorted JSON rows }. */
export async function dumpTables(endpoint: string): Promise<Record<string, string[]>> {
  const { __schema } = await graphql<{
    __schema: { queryType: { fields: { name: string; type: TypeRef }[] } };
  }>(endpoint, `{ __schema { queryType { fields { name type { ${TYPE_REF} } } } } }`);
  const pages = __schema.queryType.fields.filter((f) => named(f.type).name?.endsWith("Page"));
  const dump: Record<string, string[]> = {};
  for (const field of pages) {
    const pageType = named(field.type).name!;
    const { __type: page } = await graphql<{ __type: { fields: { name: string; type: TypeRef }[] } }>(
      endpoint,
      `{ __type(name: "${pageType}") { fields { name type { ${TYPE_REF} } } } }`,
    );
    const itemType = named(page.fields.find((f) => f.name === "items")!.type).name!;
    const { __type: item } = await graphql<{ __type: { fields: { name: string; type: TypeRef }[] } }>(
      endpoint,
      `{ __type(name: "${itemType}") { fields { name type { ${TYPE_REF} } } } }`,
    );
    const columns = item.fields.filter((f) => ["SCALAR", "ENUM"].includes(named(f.type).kind)).map((f) => f.name);
    const rows: string[] = [];
    let after: string | null = null;
    for (;;) {
      const result: Record<string, { items: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }> =
        await graphql(
          endpoint,
          `query ($after: String) { ${field.name}(limit: 1000, after: $after) { items { ${columns.join(" ")} } pageInfo { hasNextPage endCursor } } }`,
          { after },
        );
      const { items, pageInfo } = result[field.name];
      for (const row of items) rows.push(JSON.stringify(row));
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    dump[field.name] = rows.sort();
  }
  return dump;
}

/** Compares two dumps table by table, naming the first table and rows that differ. */
export function expectSameTables(actual: Record<string, string[]>, expected: Record<string, string[]>) {
  expect(Object.keys(actual).sort()).to.deep.equal(Object.keys(expected).sort());
  for (const table of Object.keys(expected)) {
    const missing = expected[table].filter((row) => !actual[table].includes(row));
    const extra = actual[table].filter((row) => !expected[table].includes(row));
    expect({ table, missing: missing.slice(0, 3), extra: extra.slice(0, 3) }).to.deep.equal({
      table,
      missing: [],
      extra: [],
    });
    expect(actual[table], table).to.deep.equal(expected[table]);
  }
}
