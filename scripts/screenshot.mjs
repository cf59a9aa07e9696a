import { chromium } from 'playwright-core';
import fs from 'fs';
const url = process.argv[2] || 'http://127.0.0.1:8766/';
const out = process.argv[3] || '/tmp/shot.png';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--disable-gpu','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
page.on('pageerror', e => console.log('PAGEERROR', e.message));
page.on('console', m => console.log('console', m.type(), m.text()));
await page.goto(url);
await page.waitForTimeout(500);
const action = process.argv[4] || 'example';
if (action === 'example') await page.click('[data-testid=empty-load-example]');
if (action === 'broken') { await page.fill('[data-testid=source]', 'a <b>bold\nand </i> more <img src=x onerror=alert(1)>'); }
await page.waitForTimeout(600);
await page.screenshot({ path: out });
console.log(await page.locator('[data-testid=mark]').count(), 'marks');
await browser.close();
