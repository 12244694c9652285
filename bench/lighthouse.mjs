// Lighthouse scores of the built sample site: performance, accessibility, best practices and SEO
// (mobile preset) on the home page, a partner, a barrier, the database and an HS heading page, in
// Debian's Chromium. Prints one line per page and exits 1 if a score is under 95.
//
//   cargo run --release -- build --out /tmp/site
//   npm install --prefix /tmp/lh lighthouse@13.5.0     # once; not a test dependency
//   LIGHTHOUSE=/tmp/lh/node_modules/.bin/lighthouse node bench/lighthouse.mjs /tmp/site
//
// The site is served on loopback by the browser tests' server (tests/browser/serve.mjs) with gzip,
// as a real web server would send it.
import { spawn } from "node:child_process";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const site = path.resolve(process.argv[2] || "public");
const lighthouse = process.env.LIGHTHOUSE || "lighthouse";
const pages = ["/", "/partners/cn/", "/barriers/cn-001/", "/database/", "/hs/3304/"];
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json",
  ".svg": "image/svg+xml", ".png": "image/png", ".woff2": "font/woff2", ".xml": "application/xml" };

const server = http.createServer((req, res) => {
  let file = path.resolve(site, "." + decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (!file.startsWith(site)) { res.writeHead(404); res.end(); return; }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
  const found = fs.existsSync(file);
  const body = fs.readFileSync(found ? file : path.join(site, "404.html"));
  const type = types[path.extname(found ? file : ".html")] || "application/octet-stream";
  const headers = { "content-type": type, "cache-control": "max-age=3600" };
  const gzip = /text|json|svg|xml/.test(type) && /gzip/.test(req.headers["accept-encoding"] || "");
  if (gzip) headers["content-encoding"] = "gzip";
  res.writeHead(found ? 200 : 404, headers);
  res.end(gzip ? zlib.gzipSync(body) : body);
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}`;

function run(cmd, args, env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d) => { stdout += d; });
    child.stderr.on("data", (d) => { stderr += d; });
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

let worst = 100;
for (const p of pages) {
  // Run asynchronously: this process serves the pages while Lighthouse loads them.
  const out = await run(lighthouse, [base + p, "--quiet", "--output=json", "--output-path=stdout",
    "--only-categories=performance,accessibility,best-practices,seo", "--form-factor=mobile",
    `--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run`],
  { ...process.env, CHROME_PATH: process.env.CHROME_PATH || "/usr/bin/chromium" });
  if (out.status !== 0) { console.error(out.stderr); process.exitCode = 2; continue; }
  const r = JSON.parse(out.stdout);
  const scores = Object.fromEntries(Object.entries(r.categories).map(([k, v]) => [k, Math.round(v.score * 100)]));
  worst = Math.min(worst, ...Object.values(scores));
  const failed = Object.values(r.audits).filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "manual").map((a) => a.id);
  console.log(p.padEnd(20), Object.entries(scores).map(([k, v]) => `${k} ${v}`).join("  "), failed.length ? `  (below 0.9: ${failed.join(", ")})` : "");
}
server.close();
console.log(`lowest score: ${worst}`);
if (worst < 95 && !process.exitCode) process.exitCode = 1;
