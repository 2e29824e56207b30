// Builds dist/ when it is missing or older than any source file, so `npm start` and
// `npm run migrate` always run the code in the working tree.
'use strict';
const { execSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const STAMP = join(ROOT, 'dist', 'workflows', 'workflow-bundle.js');
const SOURCES = ['apps', 'libs', 'workflows', 'portal', 'tsconfig.json', 'package.json', 'nest-cli.json'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), info.mtimeMs);
}

/** A fresh clone: install the dependencies first (`npm ci` when the lockfile is there). */
function ensureDependencies() {
  if (existsSync(join(ROOT, 'node_modules', '.package-lock.json'))) return;
  const command = existsSync(join(ROOT, 'package-lock.json')) ? 'npm ci --no-audit --no-fund' : 'npm install --no-audit --no-fund';
  console.log(`deps: installing dependencies (${command})...`);
  execSync(command, { cwd: ROOT, stdio: 'inherit' });
}

function ensureBuild() {
  ensureDependencies();
  const built = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
  const newest = Math.max(...SOURCES.map((source) => newestMtime(join(ROOT, source))));
  if (built >= newest) return false;
  console.log('build: compiling Herald (npm run build)...');
  execSync('npm run build --silent', { cwd: ROOT, stdio: 'inherit' });
  return true;
}

module.exports = { ensureBuild, ensureDependencies };

if (require.main === module) ensureBuild();
