// The dashboard in headless Chromium (Debian's, through playwright-core), driven step by step by
// io.vigil.lab.seed.DashboardLabTest: it prints "OK <step>" lines and waits for a line on stdin between steps.
// Arguments: URL TOKEN SCREENSHOT_PATH
import { chromium } from "playwright-core";
import readline from "node:readline";

const [url, token, screenshot] = process.argv.slice(2);
const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const next = async () => (await lines.next()).value;
const say = (s) => console.log(s);
const rs2 = '[data-rs="[198.18.1.104]:80"]';

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.addInitScript((t) => sessionStorage.setItem("vigil-token", t), token);
  let loads = 0;
  page.on("load", () => loads++);
  await page.goto(url);
  await page.waitForSelector('[data-instance="VI_1"] .state.BACKUP', { timeout: 60000 });
  await page.waitForSelector("#live.up", { timeout: 30000 });
  await page.waitForSelector(`${rs2} .pill.up`, { timeout: 60000 });
  say("OK backup-and-rs2-up");
  await next(); // the test killed rs2
  await page.waitForSelector(`${rs2} .pill.down`, { timeout: 60000 });
  say("OK rs2-down " + (await page.textContent(`${rs2} .reason`)).trim());
  await next(); // the test killed the MASTER director
  await page.waitForSelector('[data-instance="VI_1"] .state.MASTER', { timeout: 60000 });
  say("OK master " + (await page.textContent('[data-instance="VI_1"] .transition')).trim().replace(/\s+/g, " "));
  await page.screenshot({ path: screenshot, fullPage: true });
  say("OK loads " + loads);
} finally {
  await browser.close();
}
process.exit(0); // stdin (the step lines) would keep node alive
