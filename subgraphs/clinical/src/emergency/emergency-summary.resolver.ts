import { Arg, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { BadUserInputError, Category, ConnectionOf, NON_PATIENT, Operation } from "@hub/common";
import { withMarker } from "@hub/policies";
import { Patient } from "../patient/patient.type.js";
import { listRecords } from "../records/record.query.js";
import { Allergy, Condition, Contraindication, Infection, LabResult, Prescription } from "../records/record.type.js";
import { EmergencySummary } from "./emergency-summary.type.js";

/** Prescriptions written in the last 100 days count as current (the service keeps prescriptions 100 days). */
const CURRENT_PRESCRIPTION_DAYS = 100;

const Allergies = ConnectionOf(Allergy, "allergy");
const Contraindications = ConnectionOf(Contraindication, "contraindication");
const Infections = ConnectionOf(Infection, "infection");
const Conditions = ConnectionOf(Condition, "condition");
const Prescriptions = ConnectionOf(Prescription, "prescription");
const Labs = ConnectionOf(LabResult, "record");

@Resolver(() => EmergencySummary)
export class EmergencySummaryResolver {
  @Query(() => EmergencySummary, { description: "The one query a responder's app needs (send ETREAT + x-emergency-access)" }) @Category(NON_PATIENT) @Operation("read")
  emergencySummary(@Arg("patientId", () => ID) patientId: string): EmergencySummary {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(patientId)) throw new BadUserInputError("malformed patient id", { argument: "patientId" });
    return withMarker({ patientId });
  }

  @FieldResolver(() => Patient, { description: "Name, kana, birth date, gender" }) @Category(NON_PATIENT)
  patient(@Root() s: EmergencySummary): Patient {
    return { id: s.patientId };
  }

  @FieldResolver(() => Allergies, { nullable: true }) @Category("allergy")
  allergies(@Root() s: EmergencySummary) {
    return listRecords(s.patientId, ["allergy"], 100, undefined);
  }

  @FieldResolver(() => Contraindications, { nullable: true }) @Category("contraindication")
  contraindications(@Root() s: EmergencySummary) {
    return listRecords(s.patientId, ["contraindication"], 100, undefined);
  }

  @FieldResolver(() => Infections, { nullable: true }) @Category("infection")
  infections(@Root() s: EmergencySummary) {
    return listRecords(s.patientId, ["infection"], 100, undefined);
  }

  @FieldResolver(() => Conditions, { nullable: true, description: "Active conditions only" }) @Category("condition")
  activeConditions(@Root() s: EmergencySummary) {
    return listRecords(s.patientId, ["condition"], 100, undefined, (qb) => qb.andWhere("r.status = 'active'"));
  }

  @FieldResolver(() => Prescriptions, { nullable: true, description: `Written in the last ${CURRENT_PRESCRIPTION_DAYS} days` }) @Category("prescription")
  currentPrescriptions(@Root() s: EmergencySummary) {
    const since = new Date(Date.now() - CURRENT_PRESCRIPTION_DAYS * 86_400_000).toISOString();
    return listRecords(s.patientId, ["prescription"], 100, undefined, (qb) => qb.andWhere("r.effective_at >= :since", { since }));
  }

  @FieldResolver(() => Labs, { nullable: true, description: "Latest lab results of the emergency set" }) @Category("lab_emergency")
  latestEmergencyLabs(@Root() s: EmergencySummary, @Arg("first", () => Int, { defaultValue: 20 }) first: number) {
    return listRecords(s.patientId, ["lab_emergency"], first, undefined);
  }
}
