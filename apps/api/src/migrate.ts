import 'reflect-metadata';
import { ConfigError, loadConfig } from '@herald/config';
import { migrate, openDatabase } from '@herald/persistence';
import { upgradePerPathLayout } from './migrate/upgrade-per-path-layout';

/**
 * `npm run migrate` (and `npm start`, before the API): applies pending migrations to the
 * configured database, then moves the bytes of a per-path data directory into the blob store.
 */
async function main(): Promise<boolean> {
  const config = loadConfig();
  const orm = await openDatabase(config.database);
  try {
    const applied = await migrate(orm);
    const where = config.database.dialect === 'sqlite' ? config.database.file : 'PostgreSQL';
    console.log(applied.length ? `migrate: applied ${applied.join(', ')} to ${where}` : `migrate: ${where} is up to date`);
    return await upgradePerPathLayout(config, orm, console);
  } finally {
    await orm.close();
  }
}

main().then(
  (complete) => {
    if (!complete) process.exitCode = 1;
  },
  (error: unknown) => {
    console.error(error instanceof ConfigError ? `configuration error: ${error.message}` : error);
    process.exit(1);
  },
);
