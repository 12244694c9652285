import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";
const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const root = "/tmp/relout";
const server = http.createServer((req, res) => {
  const rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
  if (rel === "/__axe.min.js") { res.writeHead(200, { "content-type": "text/javascript", "cache-control": "public, max-age=86400" }); res.end(axeSource); return; }
  let file = path.join(root, rel); if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
  if (!fs.existsSync(file)) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { "content-type": file.endsWith(".html") ? "text/html; charset=utf-8" : file.endsWith(".css") ? "text/css" : file.endsWith(".js") ? "text/javascript" : "application/octet-stream" });
  res.end(fs.readFileSync(file));
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}`;
const mode = process.argv[2];
const args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
if (process.argv[3]) args.push(process.argv[3]);
let browser, context;
if (mode === "persist") {
  fs.rmSync("/tmp/chr-prof", { recursive: true, force: true });
  context = await chromium.launchPersistentContext("/tmp/chr-prof", { executablePath: "/usr/bin/chromium", args, viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
} else {
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args });
  context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
}
const urls = ["/", "/database/", "/barriers/kz-001/", "/barriers/ca-002/", "/hs/3307/", "/en/barriers/us-001/", "/en/hs/7304/", "/en/sectors/automobiles/", "/categories/competition/", "/partners/eg/"];
const page = await context.newPage();
const t0 = Date.now();
let inj = 0, ax = 0, go = 0;
for (let i = 0; i < 3; i++) for (const url of urls) {
  const a = Date.now();
  await page.goto(base + url, { waitUntil: "load" });
  const b = Date.now();
  await page.addScriptTag({ url: base + "/__axe.min.js" });
  const c = Date.now();
  await page.evaluate(() => window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a","wcag2aa","wcag21a","wcag21aa","wcag22aa","best-practice"] }, resultTypes: ["violations"] }));
  const d = Date.now();
  go += b - a; inj += c - b; ax += d - c;
}
console.log(mode, process.argv[3] || "", "total", Date.now() - t0, "goto", go, "inject", inj, "axe", ax);
await context.close(); await browser?.close(); server.close();
