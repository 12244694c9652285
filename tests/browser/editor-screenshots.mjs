// Screenshots of `knte serve --edit` for docs/작성안내.md: node editor-screenshots.mjs <server address> <output dir>
// (the server running on a copy of tests/fixtures/base). The editor page, and a diagnostic beside
// its field after a check that changes nothing on disk.
import { chromium } from "playwright-core";
import path from "node:path";
import fs from "node:fs";

const [base, outDir] = process.argv.slice(2);
if (!base || !outDir) {
  console.error("usage: node editor-screenshots.mjs <server address> <output dir>");
  process.exit(2);
}
fs.mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 1 });
await page.goto(base + "/_knte/edit/cn/cosmetics-registration.md", { waitUntil: "load" });
await page.screenshot({ path: path.join(outDir, "editor.png") });
await page.locator("#field-hs_codes input").last().fill("851");
await Promise.all([page.waitForLoadState("load"), page.click("#check")]);
await page.locator("#field-hs_codes").scrollIntoViewIfNeeded();
await page.locator("#field-hs_codes").evaluate((e) => window.scrollBy(0, e.getBoundingClientRect().top - 200));
await page.screenshot({ path: path.join(outDir, "editor-diagnostic.png") });
await browser.close();
console.log(path.join(outDir, "editor.png"), path.join(outDir, "editor-diagnostic.png"));
