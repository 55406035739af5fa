#!/usr/bin/env node
// Browser tests of the web application against the real stack: starts registry, catalogue,
// booking and the gateway (serving the built web application) on free loopback ports with a
// fresh data directory, loads the demo data, and drives Debian's chromium (headless) through
// the scenarios in ./scenarios with playwright-core. Every step saves a screenshot.
//
//   node tests/e2e/browser/run.mjs <build-dir> <web-dist-dir> [output-dir] [--only <scenario>]...
//
//   build-dir     has services/{registry,catalogue,booking,gateway}/leerpool-<name> and
//                 clients/leerpool-demo
//   web-dist-dir  the built web application (clients/web/dist)
//   output-dir    screenshots and process logs (default <build-dir>/browser-test-output)
//   --only NAME   run only the scenarios whose name contains NAME (repeatable)
// Every scenario also fails when a page requests anything from a host other than the gateway;
// check-i18n.mjs (every message in English and Dutch) runs first and counts as a result too.
// Environment: LEERPOOL_CHROMIUM (default /usr/bin/chromium), LEERPOOL_BROWSER_TIMEOUT_MS
// (per action, default 30000; the sanitizer build is slow), LEERPOOL_BROWSER_HEADED=1 to watch,
// LEERPOOL_README_SCREENSHOTS=DIR to also save the README's screenshots (the viewport of the
// steps a scenario marks with `readme: 'name'`) as DIR/name.png.
//
// Exit code 0 when every scenario passed, 1 when one failed (the failing step is named), 2 when
// the stack could not be started.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../../..');
const ADMIN_EMAIL = 'admin@leerpool.demo';
const ADMIN_PASSWORD = 'leerpool-demo';

function log(message) {
  process.stderr.write(`[browser-tests] ${message}\n`);
}

function usage(message) {
  if (message) log(message);
  process.stderr.write('usage: node run.mjs <build-dir> <web-dist-dir> [output-dir] [--only <scenario>]...\n');
  process.exit(2);
}

// ---- arguments ----
const positional = [];
const only = [];
for (let i = 2; i < process.argv.length; i++) {
  const arg = process.argv[i];
  if (arg === '--only') only.push(process.argv[++i] ?? usage('--only needs a name'));
  else if (arg === '-h' || arg === '--help') usage();
  else positional.push(arg);
}
if (positional.length < 2) usage('missing arguments');
const buildDir = resolve(positional[0]);
const distDir = resolve(positional[1]);
const outputDir = resolve(positional[2] ?? join(buildDir, 'browser-test-output'));
const chromiumPath = process.env.LEERPOOL_CHROMIUM || '/usr/bin/chromium';
const actionTimeout = Number(process.env.LEERPOOL_BROWSER_TIMEOUT_MS || 30000);
const readmeDir = process.env.LEERPOOL_README_SCREENSHOTS ? resolve(process.env.LEERPOOL_README_SCREENSHOTS) : '';

const binary = (name) => join(buildDir, 'services', name, `leerpool-${name}`);
const demoBinary = join(buildDir, 'clients', 'leerpool-demo');
for (const path of [...['registry', 'catalogue', 'booking', 'gateway'].map(binary), demoBinary]) {
  if (!existsSync(path)) usage(`not found: ${path} (build first)`);
}
if (!existsSync(join(distDir, 'index.html'))) usage(`not found: ${join(distDir, 'index.html')} (build the web application first)`);
if (!existsSync(chromiumPath)) usage(`chromium not found at ${chromiumPath} (apt-get install chromium, or set LEERPOOL_CHROMIUM)`);

// ---- processes ----
const processes = []; // {name, child, exited}
let dataDir = '';
let stopping = null;

async function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

function start(name, file, args, env = {}) {
  const logFile = join(outputDir, 'logs', `${name}.log`);
  const out = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(file, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  const entry = { name, child, exited: null, logFile };
  child.on('exit', (code, signal) => {
    entry.exited = { code, signal };
  });
  processes.push(entry);
  return entry;
}

function run(name, file, args, timeoutMs) {
  const entry = start(name, file, args);
  return new Promise((resolveRun, reject) => {
    const timer = setTimeout(() => {
      entry.child.kill('SIGTERM');
      reject(new Error(`${name} did not finish within ${timeoutMs / 1000}s; see ${entry.logFile}`));
    }, timeoutMs);
    entry.child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolveRun();
      else reject(new Error(`${name} failed (${signal ?? `exit code ${code}`}); see ${entry.logFile}`));
    });
  });
}

// Stops every process we started: the gateway first (as scripts/run does), SIGTERM, then
// SIGKILL after a grace period.
async function stopAll() {
  if (stopping) return stopping;
  stopping = (async () => {
    const alive = processes.filter((p) => !p.exited).reverse();
    for (const p of alive) p.child.kill('SIGTERM');
    const deadline = Date.now() + 15000;
    while (alive.some((p) => !p.exited) && Date.now() < deadline) await sleep(100);
    for (const p of alive.filter((p) => !p.exited)) {
      log(`${p.name} did not stop in time; killing it`);
      p.child.kill('SIGKILL');
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  })();
  return stopping;
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

async function waitReady(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) throw new Error('interrupted');
    const dead = processes.find((p) => p.exited);
    if (dead) throw new Error(`${dead.name} exited during start-up (${dead.exited.signal ?? `exit code ${dead.exited.code}`}); see ${dead.logFile}`);
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`the stack did not become ready within ${timeoutMs / 1000}s; logs in ${join(outputDir, 'logs')}`);
}

async function startStack() {
  dataDir = mkdtempSync(join(tmpdir(), 'leerpool-browser-'));
  const [registryPort, cataloguePort, bookingPort, gatewayPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const registry = `127.0.0.1:${registryPort}`;
  const catalogue = `127.0.0.1:${cataloguePort}`;
  const booking = `127.0.0.1:${bookingPort}`;
  const url = `http://127.0.0.1:${gatewayPort}`;
  // The same flags as scripts/run.
  start('registry', binary('registry'), ['--listen', registry, '--db', join(dataDir, 'registry.db'), '--bootstrap-admin-email', ADMIN_EMAIL], {
    LEERPOOL_BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
  });
  start('catalogue', binary('catalogue'), ['--listen', catalogue, '--db', join(dataDir, 'catalogue.db'), '--registry', registry, '--booking', booking]);
  start('booking', binary('booking'), ['--listen', booking, '--db', join(dataDir, 'booking.db'), '--registry', registry, '--catalogue', catalogue]);
  start('gateway', binary('gateway'), [
    '--listen', `127.0.0.1:${gatewayPort}`, '--registry', registry, '--catalogue', catalogue, '--booking', booking,
    '--allowed-origin', url, '--static-dir', distDir,
  ]);
  await waitReady(url, 180000);
  return url;
}

// ---- scenarios ----
let shotCounter = 0;

// A scenario's steps: each runs, then saves a screenshot; a failing step saves one too and names
// itself in the error.
function makeContext(scenario, page, url, variant) {
  const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
  const folder = join(outputDir, slug(scenario.name + (variant ? ` ${variant}` : '')));
  mkdirSync(folder, { recursive: true });
  let stepNumber = 0;
  const ctx = {
    page,
    url,
    variant,
    data: {},
    async step(name, fn, options = {}) {
      stepNumber++;
      const label = `${String(stepNumber).padStart(2, '0')}-${slug(name)}`;
      const started = Date.now();
      try {
        await fn();
      } catch (error) {
        const shot = join(folder, `${label}-FAILED.png`);
        await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
        shotCounter++;
        const failure = new Error(`step ${stepNumber} "${name}" failed: ${error.message.split('\n')[0]}`);
        failure.details = error.message;
        failure.screenshot = shot;
        throw failure;
      }
      await page.screenshot({ path: join(folder, `${label}.png`), fullPage: true });
      shotCounter++;
      if (readmeDir && options.readme) {
        mkdirSync(readmeDir, { recursive: true });
        await page.screenshot({ path: join(readmeDir, `${options.readme}.png`) });
      }
      log(`    ✓ ${name} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
    },
  };
  return ctx;
}

async function loadScenarios() {
  const dir = join(HERE, 'scenarios');
  const files = readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort();
  const scenarios = [];
  for (const file of files) {
    const module = await import(pathToFileURL(join(dir, file)).href);
    for (const scenario of module.scenarios ?? [module.default]) if (scenario) scenarios.push(scenario);
  }
  return scenarios.filter((s) => !only.length || only.some((o) => s.name.toLowerCase().includes(o.toLowerCase())));
}

async function main() {
  rmSync(outputDir, { recursive: true, force: true });
  mkdirSync(join(outputDir, 'logs'), { recursive: true });
  const scenarios = await loadScenarios();
  if (!scenarios.length) usage(`no scenario matches ${only.join(', ')}`);

  log(`starting the stack from ${buildDir}`);
  let url;
  try {
    url = await startStack();
    log(`stack ready at ${url}; loading the demo data`);
    await run('demo', demoBinary, ['--url', url, '--data', join(ROOT, 'deploy', 'demo', 'demo.json')], 600000);
  } catch (error) {
    log(`FAILED to start: ${error.message}`);
    return 2;
  }

  // Every text in English and Dutch: the message blocks' keys match (check-i18n.mjs).
  const i18n = spawnSync(process.execPath, [join(HERE, 'check-i18n.mjs'), join(ROOT, 'clients', 'web', 'src')], { encoding: 'utf8' });
  const results = [];
  log('i18n: every message in English and Dutch');
  for (const line of `${i18n.stdout}${i18n.stderr}`.trim().split('\n')) log(`    ${line}`);
  results.push({ title: 'every text in English and Dutch (check-i18n.mjs)', ok: i18n.status === 0, seconds: 0, error: new Error('keys missing in one language (listed above)') });

  const browser = await chromium.launch({ executablePath: chromiumPath, headless: process.env.LEERPOOL_BROWSER_HEADED !== '1' });
  try {
    for (const scenario of scenarios) {
      for (const variant of scenario.viewports ?? [{ name: '', width: 1280, height: 900 }]) {
        const title = scenario.name + (variant.name ? ` (${variant.name})` : '');
        log(`scenario: ${title}`);
        const context = await browser.newContext({ viewport: { width: variant.width, height: variant.height }, locale: 'nl-NL', timezoneId: 'Europe/Brussels' });
        context.setDefaultTimeout(actionTimeout);
        const page = await context.newPage();
        const consoleErrors = [];
        page.on('pageerror', (e) => consoleErrors.push(e.message));
        // Issue 7: the application fetches nothing from any other host; it talks only to the
        // gateway it was served from. Every request of every page (scripts, styles, fonts,
        // images, API calls, websockets) is checked; one elsewhere fails the scenario.
        const foreign = [];
        const gatewayOrigin = new URL(url).origin;
        const checkRequest = (requestUrl) => {
          if (/^(data|blob|about):/.test(requestUrl)) return;
          let origin;
          try {
            origin = new URL(requestUrl).origin;
          } catch {
            origin = requestUrl;
          }
          if (origin !== gatewayOrigin) foreign.push(requestUrl);
        };
        context.on('request', (request) => checkRequest(request.url()));
        context.on('page', (p) => p.on('websocket', (ws) => checkRequest(ws.url().replace(/^ws/, 'http'))));
        page.on('websocket', (ws) => checkRequest(ws.url().replace(/^ws/, 'http')));
        const started = Date.now();
        try {
          await scenario.run(makeContext(scenario, page, url, variant.name));
          if (foreign.length) {
            throw new Error(`the application requested ${foreign.length} resource(s) from another host than the gateway (${gatewayOrigin}): ${[...new Set(foreign)].slice(0, 5).join(', ')}`);
          }
          results.push({ title, ok: true, seconds: (Date.now() - started) / 1000 });
        } catch (error) {
          results.push({ title, ok: false, error, seconds: (Date.now() - started) / 1000 });
          log(`    ✗ ${error.message}`);
          if (error.details) log(`      ${error.details.split('\n').slice(1, 8).join('\n      ')}`);
          if (error.screenshot) log(`      screenshot: ${error.screenshot}`);
          if (consoleErrors.length) log(`      page errors: ${consoleErrors.slice(0, 3).join(' | ')}`);
        } finally {
          await context.close();
        }
      }
    }
  } finally {
    await browser.close();
  }

  const failed = results.filter((r) => !r.ok);
  log('');
  for (const r of results) log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.title}  (${r.seconds.toFixed(1)}s)${r.ok ? '' : `: ${r.error.message}`}`);
  log(`${results.length - failed.length} of ${results.length} passed; ${shotCounter} screenshots in ${outputDir}`);
  return failed.length ? 1 : 0;
}

let exitCode = 1;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    log(`${signal}: stopping`);
    await stopAll();
    process.exit(130);
  });
}
try {
  exitCode = await main();
} catch (error) {
  log(`FAILED: ${error.stack ?? error}`);
  exitCode = 1;
} finally {
  await stopAll();
}
if (exitCode !== 0 && existsSync(join(outputDir, 'logs'))) log(`process logs: ${join(outputDir, 'logs')}`);
process.exit(exitCode);
