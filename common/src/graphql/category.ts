import { Directive, registerEnumType } from "type-graphql";
import type { GraphQLField, GraphQLResolveInfo } from "graphql";

/**
 * Data categories of patient data (SPEC §5). Every field that carries patient data declares exactly one,
 * next to the field, with `@Category(...)`. Unclassified fields are denied for everyone.
 */
export const DATA_CATEGORIES = [
  "demographics", "condition", "allergy", "infection", "contraindication", "lab_emergency", "lab_lifestyle",
  "prescription", "document_referral", "document_discharge", "document_checkup", "document_summary", "eligibility", "phr_vital",
  "phr_questionnaire", "reservation", "consent", "access_log",
] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];
/** The categories of documents (one per document kind in the documents registry); their records have metadata. */
export const DOCUMENT_CATEGORIES: readonly DataCategory[] = DATA_CATEGORIES.filter((c) => c.startsWith("document_"));

/**
 * Classification of fields that carry no patient data (the caller's own identity, the institution directory,
 * page info). It must be declared explicitly too: a field with no classification at all is denied.
 */
export const NON_PATIENT = "non_patient" as const;
/**
 * For record types whose category is per record (lab results: lab_emergency or lab_lifestyle; documents: one of
 * the three document categories): the field takes the category stored on the record it belongs to.
 */
export const RECORD_CATEGORY = "record" as const;
/**
 * For a document's metadata (文書の管理情報: kind, state, issuer, destination, dates, versions), as against its
 * clinical content: decided on the document's own category like `RECORD_CATEGORY` (its consents, seals, withheld
 * flag and emergency rules all hold), except that the role policy may allow it through `DOCUMENT_METADATA` lines for
 * roles that may not read the content, such as the reception desk (docs/documents.md, *The desk flow*).
 */
export const RECORD_METADATA = "record_metadata" as const;
/**
 * The role-policy category of document metadata (`p, clerk, TREAT, document_metadata, read, …`). Not a data
 * category: nothing is stored or consented under it; a consent to a document covers its metadata.
 */
export const DOCUMENT_METADATA = "document_metadata" as const;
/** The role-policy categories: the data categories, `non_patient` for operations, and document metadata. */
export type PolicyCategory = DataCategory | typeof NON_PATIENT | typeof DOCUMENT_METADATA;
export type Classification = DataCategory | typeof NON_PATIENT | typeof RECORD_CATEGORY | typeof RECORD_METADATA;
const CLASSIFICATIONS: readonly string[] = [...DATA_CATEGORIES, NON_PATIENT, RECORD_CATEGORY, RECORD_METADATA];

/** GraphQL enum `DataCategory` with upper-case values (`CONDITION`, `LAB_EMERGENCY`, …). */
export enum DataCategoryEnum {
  DEMOGRAPHICS = "demographics", CONDITION = "condition", ALLERGY = "allergy", INFECTION = "infection",
  CONTRAINDICATION = "contraindication", LAB_EMERGENCY = "lab_emergency", LAB_LIFESTYLE = "lab_lifestyle",
  PRESCRIPTION = "prescription", DOCUMENT_REFERRAL = "document_referral", DOCUMENT_DISCHARGE = "document_discharge",
  DOCUMENT_CHECKUP = "document_checkup", DOCUMENT_SUMMARY = "document_summary", ELIGIBILITY = "eligibility", PHR_VITAL = "phr_vital",
  PHR_QUESTIONNAIRE = "phr_questionnaire", RESERVATION = "reservation", CONSENT = "consent", ACCESS_LOG = "access_log",
}
registerEnumType(DataCategoryEnum, { name: "DataCategory", description: "Category of patient data (SPEC §5)" });

export const CATEGORY_DIRECTIVE = "dataCategory";
export const CATEGORY_DIRECTIVE_SDL =
  `directive @${CATEGORY_DIRECTIVE}(name: String!) on FIELD_DEFINITION`;

/** Declare the data category of a field (or `NON_PATIENT`). Shows in the subgraph SDL as `@dataCategory`. */
export function Category(c: Classification): MethodDecorator & PropertyDecorator {
  if (!CLASSIFICATIONS.includes(c)) {
    throw new Error(`unknown data category "${c}"`);
  }
  return Directive(`@${CATEGORY_DIRECTIVE}(name: "${c}")`) as MethodDecorator & PropertyDecorator;
}

const cache = new WeakMap<object, Classification | null>();

/** The classification declared on a schema field, or null when there is none. */
export function classificationOfField(field: GraphQLField<unknown, unknown>): Classification | null {
  let c = cache.get(field);
  if (c === undefined) {
    const d = field.astNode?.directives?.find((x) => x.name.value === CATEGORY_DIRECTIVE);
    const arg = d?.arguments?.find((a) => a.name.value === "name");
    const value = arg && arg.value.kind === "StringValue" ? arg.value.value : null;
    c = value !== null && CLASSIFICATIONS.includes(value) ? (value as Classification) : null;
    cache.set(field, c);
  }
  return c;
}

export function classificationOf(info: GraphQLResolveInfo): Classification | null {
  const field = info.parentType.getFields()[info.fieldName];
  return field ? classificationOfField(field) : null;
}
