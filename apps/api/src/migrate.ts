import 'reflect-metadata';
import { ConfigError, loadConfig } from '@herald/config';
import { migrate, openDatabase } from '@herald/persistence';

/** `npm run migrate`: applies pending migrations to the configured database. */
async function main(): Promise<void> {
  const config = loadConfig();
  const orm = await openDatabase(config.database);
  try {
    const applied = await migrate(orm);
    const where = config.database.dialect === 'sqlite' ? config.database.file : 'PostgreSQL';
    console.log(applied.length ? `migrate: applied ${applied.join(', ')} to ${where}` : `migrate: ${where} is up to date`);
  } finally {
    await orm.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `configuration error: ${error.message}` : error);
  process.exit(1);
});
