// Draws the shared-link card images (Open Graph, 1200 x 630) of the built-in theme, one per kind of
// page and language, into static/og/<kind>-<lang>.png. The cards name the kind of page, not an
// edition, so they are drawn once and committed; run again after changing the wording or colours:
//
//   npm ci --prefix tests/browser && node tools/og-cards.mjs
//
// Uses Debian's Chromium through playwright-core (the browser tests' own dependencies).
import { createRequire } from "node:module";
import path from "node:path";
import fs from "node:fs";

const require = createRequire(path.resolve("tests/browser/package.json"));
const { chromium } = require("playwright-core");

const kinds = {
  home: ["국가별 무역장벽 보고서", "Report on Foreign Trade Barriers"],
  partner: ["국가별 무역장벽", "Barriers by trading partner"],
  barrier: ["무역장벽 상세", "A trade barrier in detail"],
  database: ["무역장벽 데이터베이스", "Trade Barrier Database"],
  hs: ["품목(HS)별 무역장벽", "Barriers by product (HS code)"],
  page: ["국가별 무역장벽 보고서", "Report on Foreign Trade Barriers"],
};
const tagline = ["우리 수출기업이 해외에서 마주치는 인증·통관·표시·무역구제 장벽", "Certification, customs, labelling and trade-remedy barriers Korean exporters face abroad"];

function card(title, line, lang) {
  return `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><style>
  html,body{margin:0;width:1200px;height:630px}
  body{font-family:"NanumGothic","Noto Sans CJK KR",sans-serif;background:#0b4ea2;color:#fff;display:flex;flex-direction:column;justify-content:center;padding:0 90px;box-sizing:border-box;word-break:keep-all}
  .bar{width:120px;height:10px;background:#ffbf47;margin-bottom:44px}
  h1{font-size:${lang === "ko" ? 78 : 70}px;line-height:1.2;margin:0 0 30px;font-weight:800}
  p{font-size:34px;line-height:1.45;margin:0;color:#e8f0fb;max-width:980px}
  .foot{position:absolute;left:90px;bottom:56px;font-size:28px;color:#c9dbf4}
  </style></head><body><div class="bar"></div><h1>${title}</h1><p>${line}</p><div class="foot">${lang === "ko" ? "대한민국 산업통상부" : "Republic of Korea · Ministry of Trade, Industry and Resources"}</div></body></html>`;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 1200, height: 630 } });
fs.mkdirSync("static/og", { recursive: true });
for (const [kind, [ko, en]] of Object.entries(kinds)) {
  for (const [lang, title, line] of [["ko", ko, tagline[0]], ["en", en, tagline[1]]]) {
    await page.setContent(card(title, line, lang), { waitUntil: "load" });
    const out = `static/og/${kind}-${lang}.png`;
    await page.screenshot({ path: out, type: "png" });
    console.log(out, fs.statSync(out).size, "bytes");
  }
}
await browser.close();
