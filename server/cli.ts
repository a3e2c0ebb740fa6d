import { loadConfig } from './config.ts';
import { migrateDownToZero, migrateToLatest } from './db/migrate.ts';
import { openConfiguredDatabase } from './db/open.ts';
import { rebuildActivityRollups } from './modules/activity/rebuild.service.ts';
import { createTenant } from './modules/tenant/tenant.service.ts';
import { formatLogins, isDatabaseEmpty, seedDemo } from './seed/demo.ts';

const USAGE = `Usage: npm run cli -- <command>
  migrate        apply every pending migration
  rollback-all   undo every migration (drops all tables: development only)
  seed           load the demo organisation into an empty database
  create-tenant <code> <name> <admin-username>
                 create a company with its first administrator; the password is read from
                 the ADMIN_PASSWORD environment variable
  activity:rebuild [tenant]
                 recompute the activity rollups from the activities and work logs, of one
                 tenant (code or id) or of every tenant`;

async function run(command: string | undefined): Promise<number> {
  const config = loadConfig();
  const handle = openConfiguredDatabase(config);
  try {
    switch (command) {
      case 'migrate': {
        const done = await migrateToLatest(handle.db);
        console.log(done.length ? done.join('\n') : 'Database is up to date');
        return 0;
      }
      case 'rollback-all':
        console.log((await migrateDownToZero(handle.db)).join('\n'));
        return 0;
      case 'seed':
        await migrateToLatest(handle.db);
        if (!(await isDatabaseEmpty(handle.db))) {
          console.error('The database already holds data; the demo is only loaded into an empty one.');
          return 1;
        }
        console.log(formatLogins(await seedDemo(handle.db)));
        return 0;
      case 'create-tenant': {
        const [code, name, adminUsername] = process.argv.slice(3);
        const adminPassword = process.env.ADMIN_PASSWORD ?? '';
        if (!code || !name || !adminUsername || !adminPassword) {
          console.error(USAGE);
          return 1;
        }
        await migrateToLatest(handle.db);
        const { tenantId } = await createTenant(handle.db, config, { code, name, adminUsername, adminPassword });
        console.log(`Created tenant ${code} (${tenantId}); log in as ${adminUsername}`);
        return 0;
      }
      case 'activity:rebuild': {
        await migrateToLatest(handle.db);
        const rebuilt = await rebuildActivityRollups(handle.db, process.argv[3]);
        if (rebuilt === null) {
          console.error(`No tenant with code or id ${process.argv[3]}`);
          return 1;
        }
        for (const t of rebuilt) console.log(`Rebuilt the activity rollups of ${t.code} (${t.days} person-days)`);
        return 0;
      }
      default:
        console.error(USAGE);
        return command ? 1 : 0;
    }
  } finally {
    await handle.close();
  }
}

process.exitCode = await run(process.argv[2]);
