import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Debian's Python and its packaging clients (pip, venv, build, setuptools, twine), by absolute
 * path: `python3` on PATH may be another build without them. Nothing here reaches beyond
 * loopback: builds run without isolation, pip only ever gets `--index-url`.
 */
const PYTHON = '/usr/bin/python3';
const TWINE = '/usr/bin/twine';

/** Debian's packages these tests drive; `.ci/run` installs them. */
const PACKAGES = 'twine python3-pip python3-venv python3-build python3-setuptools python3-wheel';
const MODULES = ['pip', 'venv', 'build', 'setuptools', 'wheel'];

/** Throws, naming what to install, when a client is missing: a test of real clients needs them all. */
export function requireClients(): void {
  const missing = [PYTHON, TWINE].filter((path) => !existsSync(path));
  if (missing.length === 0) {
    const probe = spawnSync(PYTHON, ['-c', `import importlib.util, sys; sys.exit(0 if all(importlib.util.find_spec(m) for m in ${JSON.stringify(MODULES)}) else 1)`]);
    if (probe.status === 0) return;
    missing.push(`${PYTHON}'s modules ${MODULES.join(', ')}`);
  }
  throw new Error(`the Python client tests need ${missing.join(' and ')}: apt-get install ${PACKAGES}`);
}

export interface ClientRun {
  /** The exit code; null when the client was killed (it overran its time). */
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a client asynchronously (the API it talks to answers from this very process), with an
 * environment of its own: HOME in the work folder, so no user's pip.conf, .pypirc or .netrc is read.
 */
export function runClient(command: string, args: string[], options: { cwd: string; home: string; timeoutMs?: number }): Promise<ClientRun> {
  const env = {
    PATH: '/usr/bin:/bin',
    HOME: options.home,
    LANG: 'C.UTF-8',
    PYTHONNOUSERSITE: '1',
    PIP_CONFIG_FILE: '/dev/null',
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
    PYTHON_KEYRING_BACKEND: 'keyring.backends.null.Keyring',
    NO_PROXY: '*',
  };
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: options.timeoutMs ?? 60_000 });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }));
  });
}

/** A run's exit code and whole output, as a failed expectation should show it. */
export function describeRun(run: ClientRun): string {
  return `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
}

/** The stdout of a run that had to succeed; throws with its whole output when it did not. */
export function succeeded(run: ClientRun): string {
  if (run.code !== 0) throw new Error(`the client failed: ${describeRun(run)}`);
  return run.stdout;
}

/** The output of a run that had to fail (exit 1, not killed); throws with its whole output when it did not. */
export function failed(run: ClientRun): string {
  if (run.code !== 1) throw new Error(`the client was to fail with exit 1: ${describeRun(run)}`);
  return output(run);
}

/** stdout and stderr with whitespace runs as one space: twine writes through rich, which wraps long lines. */
export function output(run: ClientRun): string {
  return `${run.stdout}\n${run.stderr}`.replace(/\s+/g, ' ');
}

export interface ProjectRelease {
  version: string;
  /** What `demo_lib.VALUE` is in this version, to tell installed versions apart by their code. */
  value: string;
  requiresPython: string;
}

export interface Distributions {
  sdist: string;
  wheel: string;
}

/** Builds `demo-lib` at one version, sdist and wheel, with setuptools from Debian (no network). */
export async function buildDemoLib(workDir: string, release: ProjectRelease): Promise<Distributions> {
  const source = join(workDir, 'src', release.version);
  const outdir = join(workDir, 'dist', release.version);
  mkdirSync(join(source, 'demo_lib'), { recursive: true });
  writeFileSync(
    join(source, 'pyproject.toml'),
    [
      '[build-system]',
      'requires = ["setuptools"]',
      'build-backend = "setuptools.build_meta"',
      '',
      '[project]',
      'name = "demo-lib"',
      `version = "${release.version}"`,
      'description = "A package built by Herald\'s tests"',
      `requires-python = "${release.requiresPython}"`,
      '',
    ].join('\n'),
  );
  writeFileSync(join(source, 'demo_lib', '__init__.py'), `VALUE = "${release.value}"\n`);
  const run = await runClient(PYTHON, ['-m', 'build', '--no-isolation', '--outdir', outdir, '.'], { cwd: source, home: workDir, timeoutMs: 120_000 });
  if (run.code !== 0) throw new Error(`building demo-lib ${release.version} failed: ${describeRun(run)}`);
  const built = readdirSync(outdir);
  const sdist = built.find((name) => name.endsWith('.tar.gz'));
  const wheel = built.find((name) => name.endsWith('.whl'));
  if (!sdist || !wheel) throw new Error(`building demo-lib ${release.version} gave ${built.join(', ')}`);
  return { sdist: join(outdir, sdist), wheel: join(outdir, wheel) };
}

export function twineUpload(workDir: string, repositoryUrl: string, credentials: { username: string; password: string }, files: string[]): Promise<ClientRun> {
  return runClient(TWINE, ['upload', '--non-interactive', '--disable-progress-bar', '--repository-url', repositoryUrl, '-u', credentials.username, '-p', credentials.password, ...files], { cwd: workDir, home: workDir });
}

/** A virtual environment of Debian's Python, its pip talking to one index only. */
export class Venv {
  private constructor(
    private readonly dir: string,
    private readonly workDir: string,
  ) {}

  static async create(workDir: string): Promise<Venv> {
    const dir = join(workDir, 'venv');
    const run = await runClient(PYTHON, ['-m', 'venv', dir], { cwd: workDir, home: workDir, timeoutMs: 120_000 });
    if (run.code !== 0) throw new Error(`creating a venv failed: ${describeRun(run)}`);
    return new Venv(dir, workDir);
  }

  /** `pip {command} --index-url {indexUrl} …args`, never prompting, never caching. */
  pip(command: 'install' | 'download', indexUrl: string, args: string[]): Promise<ClientRun> {
    return this.python(['-m', 'pip', command, '--no-input', '--no-cache-dir', '--index-url', indexUrl, ...args]);
  }

  async uninstall(project: string): Promise<void> {
    const run = await this.python(['-m', 'pip', 'uninstall', '--yes', project]);
    if (run.code !== 0) throw new Error(`pip uninstall ${project} failed: ${describeRun(run)}`);
  }

  /** What the venv's Python imports as demo_lib: `{version} {VALUE}`, or the failed run. */
  importDemoLib(): Promise<ClientRun> {
    return this.python(['-c', "import importlib.metadata, demo_lib; print(importlib.metadata.version('demo-lib'), demo_lib.VALUE)"]);
  }

  private python(args: string[]): Promise<ClientRun> {
    return runClient(join(this.dir, 'bin', 'python'), args, { cwd: this.workDir, home: this.workDir, timeoutMs: 120_000 });
  }
}
