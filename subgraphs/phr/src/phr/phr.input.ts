import { Field, Float, InputType } from "type-graphql";
import { DateTimeScalar } from "@hub/common";

@InputType()
export class RecordVitalInput {
  @Field(() => String, { description: "blood_pressure | weight | glucose | steps | body_temperature | pulse" }) kind!: string;
  @Field(() => Float) value!: number;
  @Field(() => Float, { nullable: true, description: "Diastolic, for blood_pressure" }) value2?: number | null;
  @Field(() => String) unit!: string;
  @Field(() => DateTimeScalar, { nullable: true, description: "Defaults to now" }) measuredAt?: Date | null;
}
