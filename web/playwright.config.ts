// Browser tests of the dashboard (web/e2e) in Debian's Chromium: no browser download, no channel.
// One worker: the spec starts its own chain, indexer and static server, and the machine has two cores.
import { defineConfig } from "@playwright/test";

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/output",
  workers: 1,
  fullyParallel: false,
  timeout: 300_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    headless: true,
    viewport: { width: 1280, height: 900 },
    launchOptions: {
      executablePath: process.env.JIAOZI_CHROMIUM ?? "/usr/bin/chromium",
      args: ["--disable-background-networking", "--disable-component-update"],
    },
  },
});
