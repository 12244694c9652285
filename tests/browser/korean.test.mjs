// static/korean.js against the cases src/korean.rs is held to (tests/fixtures/korean.json): the
// same collation and the same search terms in the browser as in the build.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const korean = require(path.join(here, "../../static/korean.js"));
const cases = JSON.parse(fs.readFileSync(path.join(here, "../fixtures/korean.json"), "utf8"));

test("collation: the fixed list comes back in order from its reverse", () => {
  const got = [...cases.sorted].reverse().sort(korean.compare);
  assert.deepEqual(got, cases.sorted);
});

test("index terms are those the build writes", () => {
  for (const c of cases.index) assert.deepEqual(korean.indexTerms(c.text), c.terms, c.text);
});

test("query terms are those the build's tests expect", () => {
  for (const c of cases.query) assert.deepEqual(korean.queryTerms(c.q), c.terms, c.q);
});
