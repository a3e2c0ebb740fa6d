import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { migrateToLatest } from './db/migrate.ts';
import { openConfiguredDatabase } from './db/open.ts';
import { createJobQueue, registerCoreJobs } from './modules/job/job.service.ts';
import { formatLogins, isDatabaseEmpty, seedDemo } from './seed/demo.ts';

/** Starts Salesbase: migrate, seed the demo organisation on an empty database, serve API and web. */
async function main(): Promise<void> {
  const config = loadConfig();
  const handle = openConfiguredDatabase(config);
  await migrateToLatest(handle.db);
  if (config.seedDemo && (await isDatabaseEmpty(handle.db))) {
    const logins = await seedDemo(handle.db);
    console.log(formatLogins(logins));
  }
  const jobs = createJobQueue({ db: handle.db, dialect: handle.dialect, config });
  const app = await buildApp({ db: handle.db, dialect: handle.dialect, config, jobs }, { logger: true });
  await registerCoreJobs(jobs, { db: handle.db, log: app.log });
  if (config.runJobs) await jobs.start();

  const shutdown = async (signal: string) => {
    app.log.info(`${signal}: shutting down`);
    await jobs.stop();
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  const where = config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`;
  console.log(`Salesbase is running on http://localhost:${config.port} (${where})`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
