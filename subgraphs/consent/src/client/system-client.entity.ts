import type { JWK } from "jose";
import { Column, Entity, PrimaryColumn } from "typeorm";

/** An institution's system (EHR, document-writing, lab, imaging …) that obtains tokens with a signed JWT assertion. */
@Entity({ name: "system_clients" })
export class SystemClientEntity {
  @PrimaryColumn({ type: "text" }) id!: string;
  @Column({ name: "organization_id", type: "text" }) organizationId!: string;
  @Column({ type: "text" }) name!: string;
  @Column({ type: "text" }) kind!: string;
  @Column({ type: "text", array: true }) scopes!: string[];
  @Column({ type: "text" }) status!: string;
  @Column({ name: "created_at", type: "timestamptz" }) createdAt!: Date;
  @Column({ name: "created_by", type: "text" }) createdBy!: string;
  @Column({ name: "revoked_at", type: "timestamptz", nullable: true }) revokedAt!: Date | null;
  @Column({ name: "revoked_by", type: "text", nullable: true }) revokedBy!: string | null;
}

/** A public key of a client (JWK); at most two are ACTIVE at a time, for rotation. */
@Entity({ name: "system_client_keys" })
export class SystemClientKeyEntity {
  @PrimaryColumn({ name: "client_id", type: "text" }) clientId!: string;
  @PrimaryColumn({ type: "text" }) kid!: string;
  @Column({ type: "text" }) alg!: string;
  @Column({ type: "jsonb" }) jwk!: JWK;
  @Column({ type: "text" }) status!: string;
  @Column({ name: "created_at", type: "timestamptz" }) createdAt!: Date;
  @Column({ name: "revoked_at", type: "timestamptz", nullable: true }) revokedAt!: Date | null;
}
