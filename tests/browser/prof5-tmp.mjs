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
function pages(dir, prefix = "/") {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...pages(path.join(dir, e.name), prefix + e.name + "/"));
    else if (e.name === "index.html") out.push(prefix);
  }
  return out;
}
const urls = pages(root).slice(0, Number(process.argv[3] || 120));
const workers = Number(process.argv[2]);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", ...(process.env.XF ? [process.env.XF] : [])] });
const context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
const t0 = Date.now();
let next = 0;
async function worker() {
  const page = await context.newPage();
  while (next < urls.length) {
    const url = urls[next++];
    await page.goto(base + url, { waitUntil: "load" });
    await page.addScriptTag({ url: base + "/__axe.min.js" });
    await page.evaluate(() => window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a","wcag2aa","wcag21a","wcag21aa","wcag22aa","best-practice"] }, resultTypes: ["violations"] }));
  }
  await page.close();
}
await Promise.all(Array.from({ length: workers }, worker));
console.log(workers, "workers", urls.length, "pages", Date.now() - t0, "ms");
await browser.close(); server.close();
