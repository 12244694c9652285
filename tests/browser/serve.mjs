// A minimal static server for the built site, on loopback only, for the browser tests.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

const types = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".json": "application/json", ".xml": "application/xml", ".svg": "image/svg+xml",
  ".pdf": "application/pdf", ".wasm": "application/wasm", ".woff2": "font/woff2", ".png": "image/png",
  ".csv": "text/csv; charset=utf-8", ".txt": "text/plain; charset=utf-8",
};

// `extra` maps paths outside the site (e.g. "/__test__/axe.min.js") to scripts the tests load into
// its pages; they are served with a day's caching, so that Chromium compiles each only once.
export function serve(root, extra = {}) {
  const base = path.resolve(root);
  const server = http.createServer((req, res) => {
    let rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (Object.hasOwn(extra, rel)) {
      res.writeHead(200, { "content-type": types[".js"], "cache-control": "public, max-age=86400" });
      res.end(extra[rel]);
      return;
    }
    let file = path.resolve(base, "." + rel);
    if (!file.startsWith(base)) { res.writeHead(404); res.end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!fs.existsSync(file)) {
      res.writeHead(404, { "content-type": types[".html"] });
      res.end(fs.readFileSync(path.join(base, "404.html")));
      return;
    }
    res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

// Serves `site` and starts Debian's Chromium (headless, no network but loopback): what every browser
// test file needs before its tests (`extra` as for `serve`). Returns { server, browser, base }.
export async function start(site, extra = {}) {
  const server = await serve(site, extra);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  return { server, browser, base: `http://127.0.0.1:${server.address().port}` };
}
