import { Column, Entity, PrimaryColumn } from "typeorm";

/** A vital sign the patient recorded (blood pressure, weight, glucose, steps, …). */
@Entity({ name: "vitals" })
export class VitalEntity {
  @PrimaryColumn({ type: "text" }) id!: string;
  @Column({ type: "text", name: "patient_id" }) patientId!: string;
  @Column({ type: "text" }) kind!: string;
  @Column({ type: "double precision" }) value!: number;
  /** Second value where the kind has two (diastolic blood pressure). */
  @Column({ type: "double precision", nullable: true }) value2!: number | null;
  @Column({ type: "text" }) unit!: string;
  @Column({ type: "timestamptz", name: "measured_at" }) measuredAt!: Date;
}

/** 問診票: answers sent to an institution before a visit. */
@Entity({ name: "questionnaires" })
export class QuestionnaireEntity {
  @PrimaryColumn({ type: "text" }) id!: string;
  @Column({ type: "text", name: "patient_id" }) patientId!: string;
  @Column({ type: "text", name: "organization_id" }) organizationId!: string;
  @Column({ type: "jsonb" }) answers!: object;
  @Column({ type: "timestamptz", name: "submitted_at" }) submittedAt!: Date;
}

@Entity({ name: "reservations" })
export class ReservationEntity {
  @PrimaryColumn({ type: "text" }) id!: string;
  @Column({ type: "text", name: "patient_id" }) patientId!: string;
  @Column({ type: "text", name: "organization_id" }) organizationId!: string;
  @Column({ type: "date" }) date!: string;
  @Column({ type: "text" }) status!: string;
  @Column({ type: "timestamptz", name: "created_at" }) createdAt!: Date;
}
