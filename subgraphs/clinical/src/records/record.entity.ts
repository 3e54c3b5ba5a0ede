import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import type { DataCategory } from "@hub/common";

/** The six kinds of clinical information (6情報), one row per FHIR resource. */
export type RecordCategory = Extract<DataCategory,
  "condition" | "allergy" | "infection" | "contraindication" | "lab_emergency" | "lab_lifestyle" | "prescription">;

@Entity({ name: "records" })
@Index(["patientId", "category", "recordedAt"])
@Index(["sourceOrgId", "identifier"], { unique: true })
export class ClinicalRecordEntity {
  @PrimaryColumn({ type: "text" }) id!: string;
  @Column({ type: "text", name: "patient_id" }) patientId!: string;
  @Column({ type: "text" }) category!: RecordCategory;
  @Column({ type: "text", name: "source_org_id" }) sourceOrgId!: string;
  /** Resource identifier from the sender: re-sending the same resource changes nothing. */
  @Column({ type: "text" }) identifier!: string;
  @Column({ type: "timestamptz", name: "recorded_at" }) recordedAt!: Date;
  @Column({ type: "text", nullable: true }) code!: string | null;
  @Column({ type: "text", name: "code_system", nullable: true }) codeSystem!: string | null;
  @Column({ type: "text", nullable: true }) display!: string | null;
  @Column({ type: "text", nullable: true }) status!: string | null;
  @Column({ type: "timestamptz", name: "effective_at", nullable: true }) effectiveAt!: Date | null;
  @Column({ type: "text", name: "value_text", nullable: true }) valueText!: string | null;
  @Column({ type: "double precision", name: "value_num", nullable: true }) valueNum!: number | null;
  @Column({ type: "text", nullable: true }) unit!: string | null;
  /** 未告知: withheld from the patient. */
  @Column({ type: "boolean", default: false }) withheld!: boolean;
  /** Long-term storage flag (LTS): kept beyond the normal retention period. */
  @Column({ type: "boolean", name: "long_term", default: false }) longTerm!: boolean;
  @Column({ type: "jsonb" }) fhir!: object;
}
