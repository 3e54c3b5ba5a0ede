import { existsSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { FLAGS } from "../policies/src/pdp.js";
import { as, gql, hub } from "./support/client.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`Chromium not found at ${CHROMIUM}: the policy console browser test is skipped (apt-get install chromium)`);

const LABS = `{ patient(id: "P-0001") { labResults { nodes { id } } } }`;

// A real browser, the prover over the whole attribute space (validate, apply, rollback) and a policy simulation:
// generous on a shared, busy machine, where one proof alone takes about a minute.
describe.runIf(hasChromium)("policy console in a real browser", { timeout: 900_000 }, () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(600_000);
  });
  afterAll(async () => { await browser?.close(); });

  const base = () => hub().gateway.replace(/\/graphql$/, "");
  const FIELDS = ["role", "purpose", "category", "action", "condition", "effect"];
  const fillLastRow = async (values: string[]) => {
    const row = page.locator("#rules tbody tr:last-child");
    for (let i = 0; i < FIELDS.length; i++) await row.locator(`select[name=${FIELDS[i]}]`).selectOption(values[i]);
    await row.locator("input[name=name]").fill(values[6]);
  };

  it("an admin tightens 'nurses may read lab results': sees the impact, applies it, and the next nurse request is denied", async () => {
    const nurse = await as.nurseB();
    expect((await gql<any>(LABS, { token: nurse })).errors).toBeUndefined();

    await page.goto(`${base()}/admin`);
    await page.fill("#token", await as.admin());
    await page.click("#load");
    await page.waitForSelector("#status.ok");
    expect(await page.locator("#rules tbody tr").count()).toBeGreaterThan(40);

    // Known values are choices, in the policy's own lower case, in the rules and in the explain form alike.
    const options = (selector: string) => page.$$eval(selector, (os) => os.map((o) => (o as HTMLOptionElement).value));
    await page.click("#add");
    const roleChoices = await options("#rules tbody tr:last-child select[name=role] option");
    expect(roleChoices).toEqual(expect.arrayContaining(["*", "doctor", "nurse", "emergency_responder", "system"]));
    expect(roleChoices).not.toContain("janitor");
    const categoryChoices = await options("#rules tbody tr:last-child select[name=category] option");
    expect(categoryChoices).toContain("lab_emergency");
    expect(categoryChoices).toContain("document_metadata");
    // The explain form asks about data categories; a document's metadata is explained on the document's category.
    expect(await options("#x-category option")).toEqual(categoryChoices.filter((c) => c !== "*" && c !== "document_metadata"));
    expect(await options("#rules tbody tr:last-child select[name=condition] option")).toEqual(["*", ...FLAGS]);
    expect([...(await options("#x-category option")), ...categoryChoices].every((c) => c === c.toLowerCase())).toBe(true);

    // What a select cannot prevent (a malformed rule name) is shown inline.
    await fillLastRow(["nurse", "*", "lab_emergency", "read", "*", "deny", "Nurse No Labs"]);
    await page.click("#validate");
    await page.waitForSelector("#status.error");
    expect(await page.textContent("#status")).toContain("rule name: lower-case letters");
    expect(await page.locator("#rules tbody tr:last-child").getAttribute("class")).toContain("invalid");

    await fillLastRow(["nurse", "*", "lab_emergency", "read", "*", "deny", "nurse-no-labs"]);
    await page.click("#add");
    await fillLastRow(["nurse", "*", "lab_lifestyle", "read", "*", "deny", "nurse-no-labs"]);
    await page.click("#validate");
    await page.waitForSelector("#status.ok");

    // A long simulation shows that it is working: hold the answer until the busy line has been seen.
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    await page.route("**/graphql", async (route) => {
      if ((route.request().postData() ?? "").includes("simulatePolicyChange")) await held;
      await route.continue();
    });
    await page.click("#simulate");
    await page.waitForSelector("#busy.on");
    expect(await page.textContent("#busy")).toMatch(/Replaying recorded decisions… \d+ s/);
    expect(await page.isDisabled("#apply")).toBe(true);
    release();
    await page.waitForSelector("#sim-summary");
    await page.waitForSelector("#busy.on", { state: "hidden" });
    expect(await page.isDisabled("#apply")).toBe(false);
    await page.unroute("**/graphql");
    expect(await page.textContent("#sim-summary")).toMatch(/[1-9]\d* newly denied/);
    expect(await page.textContent("#simulation")).toContain("nurse-no-labs");

    await page.fill("#comment", "nurses no longer read lab results");
    await page.click("#apply");
    await page.waitForFunction(() => document.getElementById("status")?.textContent?.startsWith("Applied as version"));
    const denied = await gql<any>(LABS, { token: nurse });
    expect(denied.data.patient.labResults).toBeNull();
    expect(denied.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", rule: "nurse-no-labs" });

    await page.fill("#x-justification", "看護部からの問い合わせ: 検査値が見えない");
    await page.click("#explain");
    await page.waitForSelector("#explain-result");
    expect(await page.textContent("#explain-result")).toMatch(/^DENY by nurse-no-labs/);

    const dir = join(__dirname, "..", "test-results");
    mkdirSync(dir, { recursive: true });
    const shot = join(dir, "policy-console.png");
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(20_000);
    const box = await page.locator("#rules").boundingBox();
    expect(box!.height).toBeGreaterThan(500);

    // Roll back from the versions list: the console asks first; cancelling changes nothing.
    await page.locator("#versions tbody tr").nth(1).locator("button").click();
    await page.waitForSelector("#confirm[open]");
    expect(await page.textContent("#confirm-text")).toMatch(/^Put version \d+ .* back in force\?/);
    await page.click("#confirm-no");
    await page.waitForFunction(() => /Rollback cancelled/.test(document.getElementById("status")?.textContent ?? ""));
    expect((await gql<any>(LABS, { token: nurse })).data.patient.labResults).toBeNull();
    // Confirmed: the nurse reads labs again.
    await page.locator("#versions tbody tr").nth(1).locator("button").click();
    await page.waitForSelector("#confirm[open]");
    await page.click("#confirm-yes");
    await page.waitForFunction(() => /is back in force/.test(document.getElementById("status")?.textContent ?? ""));
    expect((await gql<any>(LABS, { token: nurse })).errors).toBeUndefined();
  });

  it("refuses a change that breaks a promise and shows the counterexample", async () => {
    await page.click("#load");
    await page.waitForFunction(() => /^Loaded version/.test(document.getElementById("status")?.textContent ?? ""));
    const removed = await page.evaluate(() => {
      const row = [...document.querySelectorAll("#rules tbody tr")].find((tr) => (tr.querySelector("input[name=name]") as HTMLInputElement).value === "seal-sealed");
      (row?.querySelector("button") as HTMLButtonElement | undefined)?.click();
      return row !== undefined;
    });
    expect(removed).toBe(true);
    await page.fill("#comment", "drop the seal rule");
    await page.click("#apply");
    await page.waitForSelector("#status.error");
    expect(await page.textContent("#violations")).toContain("sealed-never-shown");
    expect(await page.textContent("#violations")).toContain('"seal":"SEALED"');
  });
});
