// Screenshot a generated report in Debian's Chromium (for reports/README.md): node dist/scripts/screenshot-report.js [html] [png].
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const VIEWPORT = { width: 1000, height: 1400 };

const htmlPath = resolve(process.argv[2] ?? 'reports/index.html');
const pngPath = resolve(process.argv[3] ?? 'reports/screenshot.png');
if (!existsSync(htmlPath)) {
  process.stderr.write(`screenshot-report: no report at ${htmlPath}; run \`npm run report\` first\n`);
  process.exit(1);
}
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: VIEWPORT });
  await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
  await page.evaluate(() => document.querySelector('#summary')?.scrollIntoView());
  await page.screenshot({ path: pngPath });
  process.stdout.write(`${pngPath}\n`);
} finally {
  await browser.close();
}
