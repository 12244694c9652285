// `knte serve --edit` in Debian's Chromium: a person opening an entry from its page, editing it in
// the form and saving. Run by tests/serve_edit.rs, which starts the server on a copy of the base
// fixture and passes EDIT_BASE (its address), EDIT_ROOT (the copy), EDIT_SNAPSHOT (the expected
// file) and KNTE_BIN. Every wait is bounded.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { chromium } from "playwright-core";

const base = process.env.EDIT_BASE;
const root = process.env.EDIT_ROOT;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
after(() => browser.close());

test("an entry edited in the form is saved as the expected file, passes knte check and shows in the preview", async () => {
  const file = path.join(root, "content/cn/cosmetics-registration.md");
  const page = await browser.newPage();
  await page.goto(base + "/barriers/cn-001/", { waitUntil: "load" });
  await Promise.all([page.waitForURL(/\/_knte\/edit\/cn\/cosmetics-registration\.md$/), page.click("#knte-edit")]);

  await page.fill("#f-title", "화장품 등록·비안 제도 개편");
  // The sector list's empty row: a dropdown with the taxonomy's Korean labels.
  const sector = page.locator("#field-sectors select").last();
  assert.match(await sector.locator("option[value=food]").textContent(), /^식품/);
  await sector.selectOption("food");
  // The actions' empty row: a date input, a channel dropdown, a note.
  const row = page.locator("#field-actions li.row").last();
  assert.equal(await row.locator("input[type=date]").count(), 1);
  await row.locator("input[type=date]").fill("2025-09-01");
  await row.locator("select").selectOption("bilateral");
  await row.locator("input[name$='.note']").fill("양자 협의에서 등록 기간 단축을 요청");
  await Promise.all([page.waitForURL(/saved=1$/), page.click("#save")]);
  assert.match(await page.locator(".msg.ok").textContent(), /저장했습니다/);

  const expected = fs.readFileSync(process.env.EDIT_SNAPSHOT, "utf8");
  assert.equal(fs.readFileSync(file, "utf8"), expected, "the saved file is the snapshot");
  assert.deepEqual(fs.readdirSync(path.dirname(file)).filter((n) => n.startsWith(".")), [], "no temporary file is left");

  const check = spawnSync(process.env.KNTE_BIN, ["check", "--root", root], { encoding: "utf8", timeout: 60000 });
  assert.equal(check.status, 0, "knte check passes:\n" + check.stdout + check.stderr);

  // The preview shows the new title once the watcher has seen the save (at most 30 s).
  let html = "";
  for (let i = 0; i < 60 && !html.includes("화장품 등록·비안 제도 개편"); i++) {
    await new Promise((r) => setTimeout(r, 500));
    html = await (await fetch(base + "/barriers/cn-001/")).text();
  }
  assert.ok(html.includes("화장품 등록·비안 제도 개편"), "the preview page shows the new title");
  await page.close();
});

test("an invalid HS code and a date after publication are shown beside their fields and nothing is written", async () => {
  const file = path.join(root, "content/jp/food-labelling.md");
  const before = fs.readFileSync(file);
  const page = await browser.newPage();
  await page.goto(base + "/_knte/edit/jp/food-labelling.md", { waitUntil: "load" });
  await page.locator("#field-hs_codes input").last().fill("851");
  await page.fill("#f-last_updated", "2027-01-15");
  const [answer] = await Promise.all([page.waitForResponse((r) => r.url().endsWith("/_knte/edit/save")), page.click("#save")]);
  assert.equal(answer.status(), 422);
  await page.waitForLoadState("load");
  assert.match(await page.locator(".msg.error").textContent(), /저장하지 않았습니다/);
  const hs = page.locator("#field-hs_codes .diag.error");
  assert.equal(await hs.count(), 1);
  assert.match(await hs.textContent(), /'851' is not an HS code/);
  const date = page.locator("#field-last_updated .diag.error");
  assert.equal(await date.count(), 1);
  assert.match(await date.textContent(), /after the report's publication date/);
  assert.equal(await page.locator("#f-last_updated").getAttribute("aria-invalid"), "true");
  // What was typed is still in the form.
  assert.equal(await page.locator("#field-hs_codes input").first().inputValue(), "851");
  assert.deepEqual(fs.readFileSync(file), before, "the file is unchanged");
  await page.close();
});
