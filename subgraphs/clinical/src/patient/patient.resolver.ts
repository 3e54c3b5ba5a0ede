import { Arg, Args, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { BadUserInputError, Category, ConnectionOf, NON_PATIENT, Operation, PageArgs, RECORD_CATEGORY, byIds, dataSource, requestLoader } from "@hub/common";
import { patientReference } from "@hub/policies";
import { Gender } from "./gender.type.js";
import { In } from "typeorm";
import { PatientEntity } from "./patient.entity.js";
import { Patient } from "./patient.type.js";
import { Allergy, Condition, Contraindication, Infection, LabResult, LabSet, Prescription } from "../records/record.type.js";
import { listRecords } from "../records/record.query.js";
import { ClinicalRecordUnion, readableRecord } from "../records/record.lookup.js";

const ConditionConnection = ConnectionOf(Condition, "condition");
const AllergyConnection = ConnectionOf(Allergy, "allergy");
const InfectionConnection = ConnectionOf(Infection, "infection");
const ContraindicationConnection = ConnectionOf(Contraindication, "contraindication");
const LabResultConnection = ConnectionOf(LabResult, RECORD_CATEGORY);
const PrescriptionConnection = ConnectionOf(Prescription, "prescription");

/** Patient and record ids: letters, digits, `._-`, at most 64. */
const PATIENT_ID = /^[A-Za-z0-9._-]{1,64}$/;

const patientRows = requestLoader<string, PatientEntity>("clinical.patients",
  byIds((ids) => dataSource("clinical").getRepository(PatientEntity).findBy({ id: In(ids) })));

/** Demographics rows for the request, batched per tick. */
function patientRow(id: string): Promise<PatientEntity | null> {
  return patientRows.get().load(id);
}

@Resolver(() => Patient)
export class PatientResolver {
  /**
   * A patient by id. Returns the reference for any well-formed id: whether the patient exists is itself patient
   * data, so every field below is decided on its own and a stranger learns nothing from the answer.
   */
  @Query(() => Patient, { nullable: true }) @Category(NON_PATIENT) @Operation("read")
  async patient(@Arg("id", () => ID) id: string): Promise<Patient> {
    if (!PATIENT_ID.test(id)) throw new BadUserInputError("malformed patient id", { argument: "id" });
    // A linked id (連結ID) the caller holds stands for its patient; anyone else's is an unknown patient.
    return patientReference({ id });
  }

  /** The id the caller knows the patient by: her linked id when reached under one (consultations), else her hub id. */
  @FieldResolver(() => ID) @Category(NON_PATIENT)
  id(@Root() p: Patient): string {
    return p.shownId ?? p.id;
  }

  /** One clinical record by id; null when it does not exist or the caller may not read it (no difference). */
  @Query(() => ClinicalRecordUnion, { nullable: true }) @Category(RECORD_CATEGORY) @Operation("read")
  clinicalRecord(@Arg("id", () => ID) id: string) {
    if (!PATIENT_ID.test(id)) throw new BadUserInputError("malformed record id", { argument: "id" });
    return readableRecord(id);
  }

  @FieldResolver(() => String, { nullable: true, description: "氏名" }) @Category("demographics")
  async name(@Root() p: Patient): Promise<string | null> {
    return (await patientRow(p.id))?.name ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: "カナ氏名" }) @Category("demographics")
  async kana(@Root() p: Patient): Promise<string | null> {
    return (await patientRow(p.id))?.kana ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: "YYYY-MM-DD" }) @Category("demographics")
  async birthDate(@Root() p: Patient): Promise<string | null> {
    return (await patientRow(p.id))?.birthDate ?? null;
  }

  @FieldResolver(() => Gender, { nullable: true }) @Category("demographics")
  async gender(@Root() p: Patient): Promise<string | null> {
    return (await patientRow(p.id))?.gender ?? null;
  }

  @FieldResolver(() => ConditionConnection, { nullable: true }) @Category("condition")
  conditions(@Root() p: Patient, @Args() { first, after }: PageArgs) {
    return listRecords(p.id, ["condition"], first, after);
  }

  @FieldResolver(() => AllergyConnection, { nullable: true }) @Category("allergy")
  allergies(@Root() p: Patient, @Args() { first, after }: PageArgs) {
    return listRecords(p.id, ["allergy"], first, after);
  }

  @FieldResolver(() => InfectionConnection, { nullable: true }) @Category("infection")
  infections(@Root() p: Patient, @Args() { first, after }: PageArgs) {
    return listRecords(p.id, ["infection"], first, after);
  }

  @FieldResolver(() => ContraindicationConnection, { nullable: true }) @Category("contraindication")
  contraindications(@Root() p: Patient, @Args() { first, after }: PageArgs) {
    return listRecords(p.id, ["contraindication"], first, after);
  }

  /** Without `set`, both sets; each set is authorised as its own category (lab_emergency, lab_lifestyle). */
  @FieldResolver(() => LabResultConnection, { nullable: true }) @Category(RECORD_CATEGORY)
  labResults(@Root() p: Patient, @Args() { first, after }: PageArgs, @Arg("set", () => LabSet, { nullable: true }) set?: LabSet) {
    return listRecords(p.id, set ? [set] : [LabSet.EMERGENCY, LabSet.LIFESTYLE], first, after);
  }

  @FieldResolver(() => PrescriptionConnection, { nullable: true }) @Category("prescription")
  prescriptions(@Root() p: Patient, @Args() { first, after }: PageArgs) {
    return listRecords(p.id, ["prescription"], first, after);
  }
}
