// A Go-built tool the tests or `npm start` need (the Temporal CLI, MinIO): found as its variable
// ($TEMPORAL_CLI, $MINIO_SERVER), in .tools/bin, or on PATH; where none exists and Go is
// installed, built once with `go install` of a pinned version into .tools/bin.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync } = require('node:fs');
const { join, delimiter } = require('node:path');

const TOOLS_BIN = join(__dirname, '..', '.tools', 'bin');

function onPath(name) {
  for (const dir of (process.env.PATH || '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

/**
 * @param {{binary: string, variable: string, module: string, version: string, title: string, otherwise: string}} tool
 *   `module@version` is what `go install` builds; `otherwise` says what to do without Go.
 */
function goTool(tool) {
  const local = join(TOOLS_BIN, tool.binary);

  function find() {
    const configured = process.env[tool.variable];
    if (configured) {
      if (!existsSync(configured)) throw new Error(`${tool.variable} points at ${configured}, which does not exist`);
      return configured;
    }
    if (existsSync(local)) return local;
    return onPath(tool.binary);
  }

  function ensure() {
    const found = find();
    if (found) return found;
    const go = onPath('go') || (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : null);
    if (!go) {
      throw new Error(
        `${tool.title} was not found ($${tool.variable}, .tools/bin/${tool.binary}, or \`${tool.binary}\` on PATH) and Go is not installed to build it.\n` +
          `Install Go and run: GOBIN=${TOOLS_BIN} go install ${tool.module}@${tool.version}\n${tool.otherwise}`,
      );
    }
    mkdirSync(TOOLS_BIN, { recursive: true });
    console.log(`${tool.binary}: building ${tool.title} ${tool.version} into .tools/bin with Go (once; this takes a few minutes)...`);
    const result = spawnSync(go, ['install', `${tool.module}@${tool.version}`], {
      stdio: 'inherit',
      env: { ...process.env, GOBIN: TOOLS_BIN, GOFLAGS: process.env.GOFLAGS || '-mod=mod' },
    });
    if (result.status !== 0 || !existsSync(local)) throw new Error(`go install of ${tool.title} failed (exit ${result.status})`);
    return local;
  }

  return { find, ensure };
}

module.exports = { goTool };
