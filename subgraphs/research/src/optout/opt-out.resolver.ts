import { Field, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { Category, callerPatient, dataSource, Operation } from "@hub/common";
import { audit } from "@hub/policies";
import { sqlOf } from "../extraction/sql.js";

@ObjectType({ description: "Whether the patient's data may be used for research and public health (secondary use)" })
export class SecondaryUseStatus {
  /** Not a GraphQL field: the patient this is about, for the access decision. */
  patientId!: string;
  category = "consent" as const;
  @Field(() => Boolean, { description: "True: left out of every dataset extraction and every catalog count" }) @Category("consent") optedOut!: boolean;
  @Field(() => Date, { nullable: true }) @Category("consent") optedOutAt!: Date | null;
}

const self = () => callerPatient();

async function statusOf(patientId: string): Promise<SecondaryUseStatus> {
  const [row] = await sqlOf(dataSource("research")).query(`SELECT opted_out_at FROM research.opt_outs WHERE patient_id = $1`, [patientId]);
  return Object.assign(new SecondaryUseStatus(), { patientId, optedOut: Boolean(row), optedOutAt: row ? new Date(row.opted_out_at) : null });
}

/**
 * The patient's opt-out (オプトアウト) from secondary use. It applies to every extraction from now on (a running
 * one drops the patient before it publishes) and to catalog counts; it does not recall datasets already released.
 */
@Resolver()
export class OptOutResolver {
  @Query(() => SecondaryUseStatus, { description: "The patient's own secondary-use choice" }) @Category("consent") @Operation("opt-out", { category: "consent" })
  async secondaryUseStatus(): Promise<SecondaryUseStatus> {
    return statusOf(self());
  }

  @Mutation(() => SecondaryUseStatus, { description: "Leave your data out of research and public-health datasets" }) @Category("consent") @Operation("opt-out", { category: "consent" })
  async optOutOfSecondaryUse(): Promise<SecondaryUseStatus> {
    const patientId = self();
    await sqlOf(dataSource("research")).query(`INSERT INTO research.opt_outs (patient_id) VALUES ($1) ON CONFLICT (patient_id) DO NOTHING`, [patientId]);
    await audit().event({ eventType: "secondary-use-opt-out", patientId, category: "consent" });
    return statusOf(patientId);
  }

  @Mutation(() => SecondaryUseStatus, { description: "Withdraw your opt-out: your data may again be used, pseudonymised, in approved datasets" }) @Category("consent") @Operation("opt-out", { category: "consent" })
  async optInToSecondaryUse(): Promise<SecondaryUseStatus> {
    const patientId = self();
    await sqlOf(dataSource("research")).query(`DELETE FROM research.opt_outs WHERE patient_id = $1`, [patientId]);
    await audit().event({ eventType: "secondary-use-opt-in", patientId, category: "consent" });
    return statusOf(patientId);
  }
}
