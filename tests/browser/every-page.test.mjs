// Every page of a built site (SITE_DIR), both languages, read on a phone: at 375 px wide no page
// scrolls sideways (scrollWidth <= clientWidth), and axe-core finds no violation at all (WCAG 2.0,
// 2.1 and 2.2 A and AA rules and axe's best practices, every impact). Pages are checked two at a
// time in one browser (the machines that run this have two cores), each worker reusing its tab and
// loading axe from one cached URL: a new tab and an inline copy of axe for every page made the check
// take twice as long. A failure names the page and each violation with its elements.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { start } from "./serve.mjs";

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const site = process.env.SITE_DIR;
assert.ok(site && fs.existsSync(path.join(site, "index.html")), "SITE_DIR must name a built site");

// Every page's URL: each index.html under the site, and 404.html.
function pages(dir, prefix = "/") {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.isDirectory()) out.push(...pages(path.join(dir, e.name), prefix + e.name + "/"));
    else if (e.name === "index.html") out.push(prefix);
    else if (e.name === "404.html") out.push(prefix + "404.html");
  }
  return out;
}

let server, browser, base;
const AXE_URL = "/__test__/axe.min.js";
before(async () => {
  ({ server, browser, base } = await start(site, { [AXE_URL]: axeSource }));
});
after(async () => {
  await browser?.close();
  server?.close();
});

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

// Checks one page in `page`, a tab the caller reuses: every navigation starts a fresh document.
async function check(page, url) {
  await page.goto(base + url, { waitUntil: "load" });
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  const problems = [];
  if (scroll > client) problems.push(`scrolls sideways: scrollWidth ${scroll} > clientWidth ${client}`);
  await page.addScriptTag({ url: base + AXE_URL });
  const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }), TAGS);
  for (const v of result.violations) {
    problems.push(`${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 5).map((n) => n.target.join(" ")).join(", ")}`);
  }
  return problems.map((p) => `${url}: ${p}`);
}

test("every page at 375 px: no sideways scrolling, no axe violation (A, AA, best practices)", { timeout: 30 * 60 * 1000 }, async () => {
  const urls = pages(site);
  assert.ok(urls.length > 20, `only ${urls.length} pages found in ${site}`);
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
  const problems = [];
  let next = 0;
  async function worker() {
    const page = await context.newPage();
    while (next < urls.length) {
      const url = urls[next++];
      problems.push(...(await check(page, url)));
    }
    await page.close();
  }
  await Promise.all([worker(), worker()]);
  await context.close();
  console.log(`checked ${urls.length} pages at 375 px`);
  assert.deepEqual(problems, [], problems.join("\n"));
});
