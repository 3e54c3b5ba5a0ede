import type { DataSource, EntitySchema, MixedList } from "typeorm";
import type { SubgraphName } from "./config.js";
import type { SubgraphDefinition } from "./graphql/subgraph.js";
import type { Route } from "./http/server.js";
import type { ContextRoute } from "./http/subgraph-server.js";
import { watchPool } from "./metrics.js";

/** What each subgraph package exports, so the launcher, the schema script and tests treat them alike. */
export interface ServiceModule {
  name: SubgraphName;
  /** PostgreSQL schema the service owns. */
  dbSchema: string;
  entities: MixedList<Function | string | EntitySchema>;
  migrations: MixedList<Function | string>;
  definition: SubgraphDefinition;
  /** Insert the synthetic demo data (only called on an empty database). */
  seed?(ds: DataSource): Promise<void>;
  /** Start background work (periodic jobs); returns a stop function. */
  background?(ds: DataSource): () => void | Promise<void>;
  /** Extra HTTP routes of the subgraph ("METHOD path") that authenticate themselves. */
  routes?: Record<string, Route>;
  /** HTTP routes that act on patient data ("METHOD path"): called with the gateway's signed hub context, like GraphQL. */
  contextRoutes?: Record<string, ContextRoute>;
}

const sources = new Map<string, DataSource>();

export function registerDataSource(name: string, ds: DataSource): void {
  sources.set(name, ds);
  watchPool(name, ds);
}

/** The DataSource of a service in this process. */
export function dataSource(name: string): DataSource {
  const ds = sources.get(name);
  if (!ds) throw new Error(`no data source registered for ${name}`);
  return ds;
}
