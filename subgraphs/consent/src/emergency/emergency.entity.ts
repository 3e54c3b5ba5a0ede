import { Column, Entity, PrimaryColumn } from "typeorm";

/** 救急時医療情報閲覧: a time-boxed break-glass grant, read here for its review; written only by the grant store (@hub/policies). */
@Entity({ name: "emergency_accesses" })
export class EmergencyAccessEntity {
  @PrimaryColumn({ type: "text" }) id!: string;
  @Column({ type: "text", name: "patient_id" }) patientId!: string;
  @Column({ type: "text", name: "actor_sub" }) actorSub!: string;
  @Column({ type: "text", name: "actor_role" }) actorRole!: string;
  @Column({ type: "text", name: "actor_org", nullable: true }) actorOrg!: string | null;
  @Column({ type: "boolean", name: "actor_mfa", default: false }) actorMfa!: boolean;
  @Column({ type: "text" }) reason!: "EMERGENCY" | "DISASTER";
  @Column({ type: "text" }) justification!: string;
  @Column({ type: "text", name: "disaster_id", nullable: true }) disasterId!: string | null;
  @Column({ type: "timestamptz", name: "started_at" }) startedAt!: Date;
  @Column({ type: "timestamptz", name: "expires_at" }) expiresAt!: Date;
  @Column({ type: "timestamptz", name: "ended_at", nullable: true }) endedAt!: Date | null;
  @Column({ type: "text", name: "end_reason", nullable: true }) endReason!: string | null;
  @Column({ type: "text", name: "review_status" }) reviewStatus!: "PENDING" | "REVIEWED";
  @Column({ type: "text", name: "review_outcome", nullable: true }) reviewOutcome!: string | null;
  @Column({ type: "text", name: "review_comment", nullable: true }) reviewComment!: string | null;
  @Column({ type: "text", name: "reviewed_by", nullable: true }) reviewedBy!: string | null;
  @Column({ type: "timestamptz", name: "reviewed_at", nullable: true }) reviewedAt!: Date | null;
  @Column({ type: "jsonb", default: () => "'[]'::jsonb" }) team!: { sub: string; role: string }[];
  @Column({ type: "text", default: "ACTOR" }) scope!: "ACTOR" | "INSTITUTION";
  @Column({ type: "text", name: "identified_by", nullable: true }) identifiedBy!: string | null;
  @Column({ type: "boolean", name: "patient_known", default: true }) patientKnown!: boolean;
}

/** 災害時: a declared disaster, read here for `activeDisasters`; written only by the disaster store (@hub/policies). */
@Entity({ name: "disasters" })
export class DisasterEntity {
  @PrimaryColumn({ type: "text" }) id!: string;
  @Column({ type: "text" }) name!: string;
  @Column({ type: "text", array: true }) regions!: string[];
  @Column({ type: "timestamptz", name: "starts_at" }) startsAt!: Date;
  @Column({ type: "timestamptz", name: "ends_at" }) endsAt!: Date;
  @Column({ type: "timestamptz", name: "ended_at", nullable: true }) endedAt!: Date | null;
  @Column({ type: "text", name: "declared_by" }) declaredBy!: string;
  @Column({ type: "timestamptz", name: "declared_at" }) declaredAt!: Date;
  @Column({ type: "text", array: true, default: () => "'{}'" }) dispatched!: string[];
}
