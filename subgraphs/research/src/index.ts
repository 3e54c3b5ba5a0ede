import type { ServiceModule } from "@hub/common";
import { CatalogResolver } from "./catalog/catalog.resolver.js";
import { ResearchInitial1700000000000 } from "./migrations/1700000000000-initial.js";

/** Research subgraph: secondary use (catalog now; requests, approvals and extraction jobs follow). */
export const researchService: ServiceModule = {
  name: "research",
  dbSchema: "research",
  entities: [],
  migrations: [ResearchInitial1700000000000],
  definition: { name: "research", resolvers: [CatalogResolver] },
};
