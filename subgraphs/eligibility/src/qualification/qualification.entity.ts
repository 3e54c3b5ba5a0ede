import { Column, Entity, PrimaryColumn } from "typeorm";

/** オンライン資格確認: the qualification result an institution obtained when it read the patient's card. */
@Entity({ name: "qualifications" })
export class QualificationEntity {
  @PrimaryColumn({ type: "text" }) id!: string;
  @Column({ type: "text", name: "patient_id" }) patientId!: string;
  /** The institution that read the card. */
  @Column({ type: "text", name: "organization_id" }) organizationId!: string;
  @Column({ type: "text", name: "insurer_number" }) insurerNumber!: string;
  @Column({ type: "text" }) symbol!: string;
  @Column({ type: "text" }) number!: string;
  @Column({ type: "text", nullable: true }) branch!: string | null;
  @Column({ type: "text" }) status!: string;
  @Column({ type: "integer", name: "copay_ratio", nullable: true }) copayRatio!: number | null;
  @Column({ type: "text", name: "limit_category", nullable: true }) limitCategory!: string | null;
  @Column({ type: "timestamptz", name: "confirmed_at" }) confirmedAt!: Date;
}
