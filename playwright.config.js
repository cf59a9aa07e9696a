// Playwright end-to-end tests (e2e/*.spec.js) against Debian's Chromium.
// Never run `npx playwright install`: it downloads browser builds, which this environment cannot reach.
// Build first (`trunk build --release` -> dist/); the webServer below serves dist/ with python3.
import { defineConfig } from '@playwright/test';

const PORT = process.env.E2E_PORT ?? '8765';

export default defineConfig({
  testDir: './e2e',
  testMatch: '*.spec.js',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  workers: 1,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  outputDir: 'target/playwright-results',
  use: {
    baseURL: process.env.E2E_URL ?? `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      // Playwright already adds --no-sandbox (chromiumSandbox defaults to false) and a fresh profile dir.
      args: [
        '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
    screenshot: 'only-on-failure',
  },
  // Serve the trunk-built dist/ (python3 3.11 serves .wasm as application/wasm).
  webServer: {
    command: `python3 -m http.server ${PORT} --bind 127.0.0.1 --directory ${process.env.E2E_DIST ?? 'dist'}`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !process.env.CI, // in CI a busy port is an error, not a foreign server to test
    stdout: 'ignore',
    stderr: 'ignore',
    timeout: 20_000,
  },
});
