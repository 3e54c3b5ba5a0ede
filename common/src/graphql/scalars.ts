import { DateTimeResolver, JSONResolver } from "graphql-scalars";

/** `JSON` carries stored FHIR resources; `DateTime` is RFC 3339. */
export const JSONScalar = JSONResolver;
export const DateTimeScalar = DateTimeResolver;
export const scalarsMap = [{ type: Date, scalar: DateTimeResolver }];
