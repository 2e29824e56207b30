import 'reflect-metadata';
import { ConfigError, loadConfig } from '@herald/config';
import { createApiApp } from './app';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApiApp(config);
  await app.listen(config.port, config.host);
  console.log(`api: listening on http://${config.host}:${config.port}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `configuration error: ${error.message}` : error);
  process.exit(1);
});
