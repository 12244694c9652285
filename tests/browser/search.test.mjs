// The database page's search, measured: for each query, the rows the page shows in Chromium
// against the barriers whose text holds the query, worked out here from the content files alone
// (title, summary, body, id, the partner's names and aliases, category and sector labels, HS
// codes). Recall must be at least 0.95 and precision at least 0.9 in each language.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { start } from "./serve.mjs";

const site = process.env.SITE_DIR;
const contentDir = process.env.CONTENT_DIR;
assert.ok(site && contentDir, "SITE_DIR and CONTENT_DIR must be set");

const KO = ["장벽", "표준", "협정", "조사", "화장품을", "철강에", "3304.99", "330499", "3304 99", "등록",
  "인증", "반덤핑", "무역기술장벽", "원산지", "관세", "중국의", "할랄", "수입 규제", "베트남", "미국",
  "라벨", "데이터"];
const EN = ["Vietnam", "Viet Nam", "Turkey", "Türkiye", "USA", "United States", "cosmetics", "steel",
  "anti-dumping", "tariff", "labelling", "certification", "halal", "3304", "China", "quota", "UK",
  "registration", "safeguard", "battery"];

// --- the content, read without knte ---
function frontMatter(text) {
  const m = text.match(/^---\n([\s\S]*?)\n---\n([\s\S]*)$/);
  const fields = {};
  let key = null;
  for (const line of m[1].split("\n")) {
    const kv = line.match(/^([a-z_]+):\s?(.*)$/);
    if (kv) {
      key = kv[1];
      fields[key] = kv[2];
    } else if (key && /^\s+- /.test(line)) {
      fields[key] = (fields[key] ? fields[key] + ", " : "") + line.replace(/^\s+- /, "");
    }
  }
  return { fields, body: m[2] };
}
const unquote = (s) => (s || "").trim().replace(/^"(.*)"$/, "$1").replace(/^'(.*)'$/, "$1");
const list = (s) => (s || "").replace(/^\[|\]$/g, "").split(",").map(unquote).filter(Boolean);
// Markdown made plain enough: link targets and tags dropped.
const plain = (md) => md.replace(/\]\([^)]*\)/g, "]").replace(/<[^>]+>/g, " ");

const taxonomy = {};
for (const line of fs.readFileSync(path.join(contentDir, "_taxonomy.yaml"), "utf8").split("\n")) {
  const m = line.match(/id: ([a-z_]+), ko: ([^,]+), en: ([^}]+)\}/);
  if (m) taxonomy[m[1]] = { ko: m[2].trim(), en: m[3].trim() };
}

const barriers = [];
for (const code of fs.readdirSync(contentDir).sort()) {
  const dir = path.join(contentDir, code);
  if (!fs.statSync(dir).isDirectory()) continue;
  const profile = frontMatter(fs.readFileSync(path.join(dir, "_partner.md"), "utf8")).fields;
  const names = [profile.name, profile.name_en, ...list(profile.aliases)].map(unquote).join(" ");
  for (const file of fs.readdirSync(dir).sort()) {
    if (file.startsWith("_") || file.endsWith(".en.md") || !file.endsWith(".md")) continue;
    const { fields: f, body } = frontMatter(fs.readFileSync(path.join(dir, file), "utf8"));
    // The public site holds approved entries only: `stage: draft | circulated`, or `draft: true`.
    if (unquote(f.draft) === "true" || (f.stage && unquote(f.stage) !== "approved")) continue;
    const enFile = path.join(dir, file.replace(/\.md$/, ".en.md"));
    const bodyEn = fs.existsSync(enFile) ? fs.readFileSync(enFile, "utf8") : "";
    const hs = list(f.hs_codes).map((c) => c.replace(/\D/g, ""));
    const labels = (lang) => [taxonomy[unquote(f.category)]?.[lang], ...list(f.sectors).map((s) => taxonomy[s]?.[lang])].join(" ");
    const id = unquote(f.id);
    barriers.push({
      id, hs,
      ko: [unquote(f.title), unquote(f.summary), id, names, labels("ko"), hs.join(" "), plain(body)].join(" ").normalize("NFC").toLowerCase(),
      en: [unquote(f.title_en), unquote(f.summary_en), id, names, labels("en"), hs.join(" "), plain(bodyEn)].join(" ").normalize("NFC").toLowerCase(),
    });
  }
}

// --- which barriers a query should find ---
const PARTICLES = ["으로", "에서", "을", "를", "에", "이", "가", "의", "은", "는", "과", "와"];
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
function expected(query, lang) {
  const q = query.trim().normalize("NFC").toLowerCase();
  if (/^\d{4}([ .]?\d{2})+$/.test(q)) {
    const digits = q.replace(/\D/g, "");
    // A code finds the barriers on it, on its subheadings and on the headings above it.
    return barriers.filter((b) => b.hs.some((c) => c.startsWith(digits) || (c.length >= 4 && digits.startsWith(c)))).map((b) => b.id);
  }
  const words = q.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const tests = words.map((w) => {
    if (/^[\uAC00-\uD7A3]+$/.test(w)) {
      const p = PARTICLES.find((p) => w.endsWith(p) && w.length - p.length >= 2);
      const stem = p ? w.slice(0, -p.length) : w;
      return (text) => text.includes(stem);
    }
    const re = new RegExp(`(^|[^\\p{L}\\p{N}])${escape(w)}`, "u");
    return (text) => re.test(text);
  });
  return barriers.filter((b) => tests.every((t) => t(b[lang]))).map((b) => b.id);
}

let server, browser, base;
before(async () => {
  ({ server, browser, base } = await start(site));
});
after(async () => {
  await browser?.close();
  server?.close();
});

async function shown(page, prefix, q) {
  await page.goto(`${base}${prefix}/database/?q=${encodeURIComponent(q)}`, { waitUntil: "load" });
  await page.waitForFunction(() => document.querySelector("#db-count").dataset.state === "done", null, { timeout: 10000 });
  return page.$$eval("#db-table tbody tr", (rows) => rows.filter((r) => !r.hidden).map((r) => r.dataset.id));
}

for (const [lang, prefix, queries] of [["ko", "", KO], ["en", "/en", EN]]) {
  test(`search (${lang}): recall at least 0.95 and precision at least 0.9 over ${queries.length} queries`, async () => {
    const page = await browser.newPage();
    let hits = 0, want = 0, got = 0;
    const lines = [];
    for (const q of queries) {
      const exp = new Set(expected(q, lang));
      const rows = await shown(page, prefix, q);
      const right = rows.filter((id) => exp.has(id)).length;
      hits += right;
      want += exp.size;
      got += rows.length;
      const missed = [...exp].filter((id) => !rows.includes(id));
      const extra = rows.filter((id) => !exp.has(id));
      lines.push(`${q}: ${right} of ${exp.size} found, ${rows.length} shown` +
        (missed.length ? `; missed ${missed.join(" ")}` : "") + (extra.length ? `; extra ${extra.join(" ")}` : ""));
    }
    await page.close();
    const recall = hits / want, precision = hits / got;
    const summary = `${lang}: recall ${recall.toFixed(3)}, precision ${precision.toFixed(3)} (${hits} right of ${want} expected, ${got} shown)`;
    console.log([summary, ...lines].join("\n"));
    assert.ok(want > queries.length, "the queries should expect some rows");
    assert.ok(recall >= 0.95, summary + "\n" + lines.join("\n"));
    assert.ok(precision >= 0.9, summary + "\n" + lines.join("\n"));
  });
}

test("search ranks title and id hits first", async () => {
  const page = await browser.newPage();
  await shown(page, "", "화장품");
  const order = await page.$$eval("#db-table tbody tr", (rows) => rows.filter((r) => !r.hidden).map((r) => r.cells[1].textContent.includes("화장품")));
  const firstMiss = order.indexOf(false);
  assert.ok(firstMiss > 0, "some titles hold the query");
  assert.ok(order.slice(firstMiss).every((x) => !x), `title hits come first: ${order.join(",")}`);
  await page.close();
});

test("sorting in the browser follows the same collation as the build", async () => {
  const cases = JSON.parse(fs.readFileSync(new URL("../fixtures/korean.json", import.meta.url), "utf8"));
  const page = await browser.newPage();
  await page.goto(`${base}/database/`, { waitUntil: "load" });
  const got = await page.evaluate((list) => [...list].reverse().sort(window.KnteKorean.compare), cases.sorted);
  assert.deepEqual(got, cases.sorted);
  // The page lists partners in the build's order (src/korean.rs); sorting the partner column in
  // the browser (static/korean.js) gives the same order.
  const distinct = (names) => names.filter((n, i) => names.indexOf(n) === i);
  const partners = () => page.$$eval("#db-table tbody tr", (rows) => rows.map((r) => r.dataset.partnerName));
  const built = distinct(await partners());
  await page.click("th[data-sort=partner] button");
  assert.deepEqual(distinct(await partners()), built);
  await page.close();
});
