import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { as, hub } from "./support/client.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`Chromium not found at ${CHROMIUM}: the GraphQL IDE browser test is skipped (apt-get install chromium)`);

describe.runIf(hasChromium)("the GraphQL IDE served by the hub (development)", () => {
  let browser: Browser;
  beforeAll(async () => {
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });
  afterAll(async () => { await browser?.close(); });

  it("loads with every request to anything but the hub blocked, takes a bearer token, runs a query and shows the result", async () => {
    const base = hub().gateway.replace(/\/graphql$/, "");
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const outside: string[] = [];
    const failures: string[] = [];
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(`${base}/`)) return route.continue();
      outside.push(url);
      return route.abort();
    });
    page.on("pageerror", (e) => failures.push(e.message));
    page.on("console", (m) => { if (/Content Security Policy/i.test(m.text())) failures.push(m.text()); });

    const query = `query IdeCheck { patient(id: "P-0001") { name conditions(first: 1) { nodes { display } } } }`;
    await page.goto(`${hub().gateway}?query=${encodeURIComponent(query)}`);
    await page.waitForSelector(".graphiql-container .graphiql-query-editor");
    await page.fill("#token", await as.doctorB());
    await page.click("#use-token");
    // The schema arrives by introspection with the token: the documentation explorer can open it.
    await page.waitForSelector(".graphiql-execute-button");
    await page.click(".graphiql-execute-button");
    await page.waitForFunction(() => /北条 花子/.test(document.querySelector(".graphiql-response")?.textContent ?? ""));
    const response = (await page.textContent(".graphiql-response")) ?? "";
    expect(response).toContain('"requestId"');
    expect(response).not.toContain("FORBIDDEN");

    // The explorer shows the schema the introspection query loaded (depth limit or not).
    await page.click('button[aria-label="Show Documentation Explorer"]');
    await page.waitForFunction(() => /mutation:\s*Mutation/.test(document.querySelector(".graphiql-doc-explorer")?.textContent ?? ""));

    expect(outside).toEqual([]);
    expect(failures).toEqual([]);
    await page.close();
  });
});
