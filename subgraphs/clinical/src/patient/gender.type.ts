import { registerEnumType } from "type-graphql";

/** FHIR R4 AdministrativeGender (required binding; Patient.gender is checked at ingestion). */
export enum Gender { MALE = "male", FEMALE = "female", OTHER = "other", UNKNOWN = "unknown" }
registerEnumType(Gender, { name: "Gender", description: "FHIR administrative-gender: male | female | other | unknown" });
