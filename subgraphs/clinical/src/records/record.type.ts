import { Directive, Field, Float, ObjectType, registerEnumType } from "type-graphql";
import { Category, DateTimeScalar, RECORD_CATEGORY } from "@hub/common";
import { RecordBase } from "./record-base.type.js";

@ObjectType({ description: "傷病名: a condition (JP_Condition_eCS)" })
@Directive('@key(fields: "id")')
export class Condition extends RecordBase("Condition", "condition") {
  @Field(() => String, { name: "clinicalStatus", nullable: true, description: "active | resolved | …" }) @Category("condition") status!: string | null;
  @Field(() => DateTimeScalar, { name: "onsetAt", nullable: true, description: "Onset" }) @Category("condition") effectiveAt!: Date | null;
}

/** FHIR R4 AllergyIntolerance.criticality (required binding, checked at ingestion). */
export enum AllergyCriticality { LOW = "low", HIGH = "high", UNABLE_TO_ASSESS = "unable-to-assess" }
registerEnumType(AllergyCriticality, { name: "AllergyCriticality", description: "FHIR allergy-intolerance-criticality: low | high | unable-to-assess" });

@ObjectType({ description: "アレルギー: an allergy or intolerance (JP_AllergyIntolerance_eCS)" })
@Directive('@key(fields: "id")')
export class Allergy extends RecordBase("Allergy", "allergy") {
  @Field(() => AllergyCriticality, { name: "criticality", nullable: true }) @Category("allergy") valueText!: string | null;
  @Field(() => String, { name: "clinicalStatus", nullable: true, description: "Clinical status" }) @Category("allergy") status!: string | null;
}

@ObjectType({ description: "感染症: an infection test result" })
@Directive('@key(fields: "id")')
export class Infection extends RecordBase("Infection", "infection") {
  @Field(() => String, { name: "result", nullable: true, description: "Result, e.g. positive / negative" }) @Category("infection") valueText!: string | null;
  @Field(() => DateTimeScalar, { name: "testedAt", nullable: true }) @Category("infection") effectiveAt!: Date | null;
}

@ObjectType({ description: "薬剤禁忌: a drug contraindication" })
@Directive('@key(fields: "id")')
export class Contraindication extends RecordBase("Contraindication", "contraindication") {
  @Field(() => String, { name: "reason", nullable: true, description: "Reason or reaction" }) @Category("contraindication") valueText!: string | null;
}

export enum LabSet {
  EMERGENCY = "lab_emergency",
  LIFESTYLE = "lab_lifestyle",
}
registerEnumType(LabSet, { name: "LabSet", description: "救急時に有用な検査 (EMERGENCY) or 生活習慣病関連の検査 (LIFESTYLE)" });

@ObjectType({ description: "検査: a lab result; its category is the set it belongs to (lab_emergency or lab_lifestyle)" })
@Directive('@key(fields: "id")')
export class LabResult extends RecordBase("LabResult", RECORD_CATEGORY) {
  @Field(() => LabSet, { name: "set" }) @Category(RECORD_CATEGORY) category!: LabSet;
  @Field(() => Float, { name: "value", nullable: true }) @Category(RECORD_CATEGORY) valueNum!: number | null;
  @Field(() => String, { name: "valueText", nullable: true }) @Category(RECORD_CATEGORY) valueText!: string | null;
  @Field(() => String, { nullable: true }) @Category(RECORD_CATEGORY) unit!: string | null;
  @Field(() => DateTimeScalar, { name: "effectiveAt", nullable: true }) @Category(RECORD_CATEGORY) effectiveAt!: Date | null;
}

@ObjectType({ description: "処方: a prescription (JP_MedicationRequest_eCS)" })
@Directive('@key(fields: "id")')
export class Prescription extends RecordBase("Prescription", "prescription") {
  @Field(() => String, { name: "dosage", nullable: true, description: "Dosage instruction" }) @Category("prescription") valueText!: string | null;
  @Field(() => Float, { name: "days", nullable: true, description: "Days supplied" }) @Category("prescription") valueNum!: number | null;
  @Field(() => DateTimeScalar, { name: "writtenAt", nullable: true, description: "Date written" }) @Category("prescription") effectiveAt!: Date | null;
}
