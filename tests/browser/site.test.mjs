// Browser checks of a built site (SITE_DIR), in Debian's Chromium driven by playwright-core:
// axe-core finds no serious or critical violation on key pages in both languages, the world map
// fits a phone and shows keyboard focus, and the database page filters, searches and restores its
// view from the URL.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { start } from "./serve.mjs";

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const site = process.env.SITE_DIR;
const contentDir = process.env.CONTENT_DIR;
assert.ok(site && fs.existsSync(path.join(site, "index.html")), "SITE_DIR must name a built site");

let server, browser, base;
before(async () => {
  ({ server, browser, base } = await start(site));
});
after(async () => {
  await browser?.close();
  server?.close();
});

async function axe(url) {
  const page = await browser.newPage();
  await page.goto(base + url, { waitUntil: "load" });
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  await page.close();
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

for (const prefix of ["", "/en"]) {
  for (const p of ["/", "/partners/", "/partners/cn/", "/barriers/cn-001/", "/database/"]) {
    const url = prefix + p;
    test(`axe: no serious or critical violation on ${url}`, async () => {
      const bad = await axe(url);
      const report = bad.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      assert.deepEqual(report, [], report.join("\n"));
    });
  }
}

async function visibleIds(page) {
  return page.$$eval("#db-table tbody tr", (rows) => rows.filter((r) => !r.hidden).map((r) => r.dataset.id));
}

// Waits until the page's search has settled (local filter and full-text results both applied).
async function settled(page) {
  await page.waitForFunction(() => document.querySelector("#db-count").dataset.state === "done", null, { timeout: 10000 });
}

async function shownCount(page) {
  return Number(await page.$eval("#db-count", (el) => el.dataset.shown));
}

// Barriers of `partner` whose title, summary or body has a word starting with `word`, or whose
// sectors include `sector` (the sector's label is part of each row), read from the content files.
function expectedIds(partner, word, sector) {
  const dir = path.join(contentDir, partner);
  const ids = [];
  for (const name of fs.readdirSync(dir).sort()) {
    if (name.startsWith("_") || name.endsWith(".en.md")) continue;
    const text = fs.readFileSync(path.join(dir, name), "utf8");
    const [, front, ...rest] = text.split(/^---\s*$/m);
    const field = (k) => (front.match(new RegExp(`^${k}: (.*)$`, "m")) || [, ""])[1];
    const searchable = [field("title"), field("summary"), rest.join("---")].join(" ");
    const wordStart = new RegExp(`(^|[\\s\\p{P}])${word}`, "u").test(searchable);
    if (wordStart || new RegExp(`\\b${sector}\\b`).test(field("sectors"))) ids.push(field("id"));
  }
  return ids.sort();
}

test("database: a Korean query and a partner facet show the matching rows; the URL restores the view", async () => {
  const page = await browser.newPage();
  await page.goto(base + "/database/", { waitUntil: "load" });
  const total = await page.$$eval("#db-table tbody tr", (rows) => rows.length);
  assert.ok(total >= 75);
  await page.fill("#f-q", "화장품");
  await page.selectOption("#f-partner", "cn");
  const want = expectedIds("cn", "화장품", "cosmetics");
  assert.ok(want.length >= 2, `fixture expectation: ${want}`);
  await settled(page);
  assert.deepEqual((await visibleIds(page)).sort(), want);
  assert.equal(await shownCount(page), want.length);
  assert.match(await page.$eval("#db-count", (el) => el.textContent), new RegExp(`${want.length}건 표시`));

  const url = page.url();
  assert.match(url, /[?&]q=%ED%99%94%EC%9E%A5%ED%92%88/);
  assert.match(url, /[?&]partner=cn/);
  const again = await browser.newPage();
  await again.goto(url, { waitUntil: "load" });
  await settled(again);
  assert.deepEqual((await visibleIds(again)).sort(), want);
  assert.equal(await again.inputValue("#f-q"), "화장품");
  assert.equal(await again.inputValue("#f-partner"), "cn");
  await page.close();
  await again.close();
});

test("database: a query word inside a body, with a particle, is found through the search index", async () => {
  const page = await browser.newPage();
  // '책임자를' appears only in bodies (CN-001's body has '책임자를'); the query is its stem.
  await page.goto(base + "/database/?q=" + encodeURIComponent("책임자"), { waitUntil: "load" });
  await settled(page);
  assert.ok((await visibleIds(page)).includes("CN-001"));
  await page.close();
});

test("database: an HS code finds the entries that list it", async () => {
  const page = await browser.newPage();
  await page.goto(base + "/database/?q=3304", { waitUntil: "load" });
  await settled(page);
  const ids = await visibleIds(page);
  const hs = await page.$$eval("#db-table tbody tr", (rows) => rows.filter((r) => r.dataset.hs.split(" ").includes("3304")).map((r) => r.dataset.id));
  assert.ok(hs.length > 0);
  for (const id of hs) assert.ok(ids.includes(id), `${id} lists HS 3304 but is hidden`);
  await page.close();
});

test("database (English): an English query finds English titles", async () => {
  const page = await browser.newPage();
  await page.goto(base + "/en/database/?q=cosmetics", { waitUntil: "load" });
  await settled(page);
  const titles = await page.$$eval("#db-table tbody tr", (rows) => rows.filter((r) => !r.hidden).map((r) => r.cells[1].querySelector("a").textContent));
  assert.ok(titles.some((t) => /cosmetic/i.test(t)), titles.join(" | "));
  assert.match(await page.$eval("#db-count", (el) => el.textContent), / of \d+ barriers shown/);
  await page.close();
});

test("database: sorting by a column reorders rows and is kept in the URL", async () => {
  const page = await browser.newPage();
  await page.goto(base + "/database/", { waitUntil: "load" });
  // Dates: newest first on the first press, oldest first on the second.
  await page.click("th[data-sort=updated] button");
  assert.equal(await page.$eval("th[data-sort=updated]", (th) => th.getAttribute("aria-sort")), "descending");
  const dates = await page.$$eval("#db-table tbody tr", (rows) => rows.map((r) => r.dataset.updated));
  assert.deepEqual(dates, [...dates].sort().reverse());
  assert.match(page.url(), /sort=-updated/);
  await page.click("th[data-sort=updated] button");
  assert.equal(await page.$eval("th[data-sort=updated]", (th) => th.getAttribute("aria-sort")), "ascending");
  const up = await page.$$eval("#db-table tbody tr", (rows) => rows.map((r) => r.dataset.updated));
  assert.deepEqual(up, [...up].sort());
  // Statuses sort in the order of their progress; the language switch keeps the view.
  await page.click("th[data-sort=status] button");
  const order = ["open", "in_progress", "resolved_in_part", "resolved"];
  const st = await page.$$eval("#db-table tbody tr", (rows) => rows.map((r) => r.dataset.status));
  assert.deepEqual(st, [...st].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
  const switchHref = await page.$eval("a[hreflang=en][lang=en]", (a) => a.getAttribute("href"));
  assert.match(switchHref, /\/en\/database\/\?sort=status/);
  await page.close();
});

test("without JavaScript the filters and the menu button are not shown, the menu is", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 800 } });
  const page = await context.newPage();
  await page.goto(base + "/database/", { waitUntil: "load" });
  const shown = (sel) => page.$eval(sel, (e) => getComputedStyle(e).display !== "none" && e.getBoundingClientRect().height > 0);
  assert.equal(await shown("#db-filters"), false);
  assert.equal(await shown(".menu-button"), false);
  assert.equal(await shown(".main-nav"), true);
  await context.close();
});

test("on a phone the menu folds behind its button, which opens and closes it", async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
  await page.goto(base + "/", { waitUntil: "load" });
  const shown = (sel) => page.$eval(sel, (e) => getComputedStyle(e).display !== "none");
  assert.equal(await shown(".main-nav"), false);
  await page.click(".menu-button");
  assert.equal(await shown(".main-nav"), true);
  assert.equal(await page.$eval(".menu-button", (b) => b.getAttribute("aria-expanded")), "true");
  await page.keyboard.press("Escape");
  assert.equal(await shown(".main-nav"), false);
  await page.close();
});

test("without JavaScript the database lists every barrier", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(base + "/database/", { waitUntil: "load" });
  const rows = await page.$$eval("#db-table tbody tr", (r) => r.filter((x) => !x.hidden).length);
  const data = JSON.parse(fs.readFileSync(path.join(site, "data/barriers.json"), "utf8"));
  assert.equal(rows, data.barriers.length);
  await context.close();
});

// The world map: it fits a phone's width, the keyboard reaches its links, and a focused partner
// turns the focus colour with a dark outline, so the focus is visible on any shade.
for (const url of ["/", "/partners/"]) {
  test(`map on ${url}: fits the page and shows keyboard focus`, async () => {
    for (const width of [375, 1280]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(base + url, { waitUntil: "load" });
      const [mapWidth, pageWidth] = await page.$eval("svg.world-map-svg", (s) => [
        s.getBoundingClientRect().width,
        document.documentElement.clientWidth,
      ]);
      assert.ok(mapWidth > 300 && mapWidth <= pageWidth, `${width}px: the map is ${mapWidth}px wide`);
      const shape = page.locator("svg.world-map-svg a").first().locator("path, circle").first();
      const idle = await shape.evaluate((el) => getComputedStyle(el).fill);
      let reached = false;
      for (let i = 0; i < 60 && !reached; i++) {
        await page.keyboard.press("Tab");
        reached = await page.evaluate(() => !!document.activeElement.closest("svg.world-map-svg"));
      }
      assert.ok(reached, `${width}px: Tab reaches the map`);
      const focused = await shape.evaluate((el) => {
        const s = getComputedStyle(el);
        return { fill: s.fill, stroke: s.stroke, width: parseFloat(s.strokeWidth) };
      });
      assert.notEqual(focused.fill, idle, "the focused partner changes colour");
      assert.equal(focused.fill, "rgb(255, 191, 71)");
      assert.equal(focused.stroke, "rgb(29, 29, 31)");
      assert.ok(focused.width >= 2, `stroke ${focused.width}`);
      await page.close();
    }
  });
}
