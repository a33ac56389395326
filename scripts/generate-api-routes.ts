import { writeFileSync } from 'node:fs';
import { readApiRouteTable, renderApiRouteTable } from './api-route-table';

const target = 'lib/http/api-routes.ts';
readApiRouteTable().then((entries) => {
  writeFileSync(target, renderApiRouteTable(entries));
  console.log(`${target}: ${entries.length} routes`);
});
