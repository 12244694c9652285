// Screenshots of the built site for the README: node screenshots.mjs <site dir> <output dir>
// Home (with the map), a partner chapter, a barrier, the database page, the product (HS) lookup
// and the report-a-barrier page, at 375 px (phone) and 1280 px (desktop).
import { start } from "./serve.mjs";
import path from "node:path";
import fs from "node:fs";

const [site, outDir] = process.argv.slice(2);
if (!site || !outDir) {
  console.error("usage: node screenshots.mjs <site dir> <output dir>");
  process.exit(2);
}
fs.mkdirSync(outDir, { recursive: true });
const { server, browser, base } = await start(site);
const pages = [
  ["home", "/"],
  ["partner", "/partners/cn/"],
  ["database", "/database/?q=%ED%99%94%EC%9E%A5%ED%92%88"],
  ["hs", "/hs/3304/"],
  ["hs-index", "/hs/"],
  ["barrier", "/barriers/cn-001/"],
  ["report", "/report/"],
];
for (const [width, height] of [[375, 1400], [1280, 1500]]) {
  for (const [name, url] of pages) {
    const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
    await page.goto(base + url, { waitUntil: "load" });
    if (name === "database") {
      await page.waitForFunction(() => document.querySelector("#db-count").dataset.state === "done");
    }
    const file = path.join(outDir, `${name}-${width}.png`);
    await page.screenshot({ path: file });
    console.log(file);
    await page.close();
  }
}
await browser.close();
server.close();
