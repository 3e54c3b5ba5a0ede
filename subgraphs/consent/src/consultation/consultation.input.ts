import { Field, ID, InputType } from "type-graphql";
import { DataCategoryEnum, DateTimeScalar, JSONScalar } from "@hub/common";

@InputType({ description: "A treating doctor asks a specialist (the 北条さん scenario: Dr.X at 鎌倉クリニック asks Dr.Y at E医療センター)" })
export class RequestConsultationInput {
  @Field(() => ID) patientId!: string;
  @Field(() => ID, { description: "The specialist's institution (10 digits)" }) specialistOrganizationId!: string;
  @Field(() => ID, { description: "The specialist (their token's sub)" }) specialistPractitionerId!: string;
  @Field(() => String, { description: "The question (at most 4000 characters)" }) question!: string;
  @Field(() => [DataCategoryEnum], { description: "What the specialist may read: the six kinds of clinical information" }) categories!: DataCategoryEnum[];
  @Field(() => [ID], { nullable: true, description: "Only these records (each one you may read yourself); omit for every record of the categories" }) recordIds?: string[] | null;
  @Field(() => DateTimeScalar, { description: "At most 90 days ahead, and never beyond the consent it rides on" }) expiresAt!: Date;
  @Field(() => Boolean, { defaultValue: false, description: "Ask the patient even when an onward-sharing consent she gave your institution would let it open at once" }) askPatient!: boolean;
}

@InputType({ description: "The specialist's answer" })
export class ConsultationAnswerInput {
  @Field(() => String, { description: "At most 10000 characters" }) text!: string;
  @Field(() => [JSONScalar], { nullable: true, description: "FHIR R4 resources (each validated; at most 20)" }) resources?: Record<string, unknown>[] | null;
}
