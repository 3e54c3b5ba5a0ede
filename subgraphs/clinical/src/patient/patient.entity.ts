import { Column, CreateDateColumn, Entity, PrimaryColumn } from "typeorm";

/** Patient demographics (clinical subgraph owns the Patient core fields). */
@Entity({ name: "patients" })
export class PatientEntity {
  @PrimaryColumn({ type: "text" }) id!: string;
  @Column({ type: "text" }) name!: string;
  @Column({ type: "text", nullable: true }) kana!: string | null;
  @Column({ type: "date", name: "birth_date" }) birthDate!: string;
  @Column({ type: "text" }) gender!: string;
  /** JP_Insurance_memberID: 保険者番号:記号:番号:枝番 */
  @Column({ type: "text", name: "insurance_member_id", nullable: true, unique: true }) insuranceMemberId!: string | null;
  @Column({ type: "text", nullable: true }) prefecture!: string | null;
  @CreateDateColumn({ type: "timestamptz", name: "created_at" }) createdAt!: Date;
}
