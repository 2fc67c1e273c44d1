// Entry point of the service: load configuration, open and migrate the database, build the
// services and the app, listen. Nothing else happens here.
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { migrate, openStore } from './store/db.ts';
import { createServices } from './services/index.ts';
import { createApp } from './app.ts';
import { seedDemoOnFirstRun } from './demo/firstRun.ts';

const config = loadConfig();
const logger = createLogger(config);
const store = await openStore(config);
await migrate(store);
await seedDemoOnFirstRun(store, config);
const services = createServices(store, config);
const app = await createApp({ config, services, logger });

const stop = async (signal: string): Promise<void> => {
  logger.info({ signal }, 'stopping');
  await app.close();
  await store.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));

await app.listen({ host: config.HOST, port: config.PORT });
logger.info({ driver: store.driver, url: `http://${config.HOST}:${config.PORT}` }, 'listening');
