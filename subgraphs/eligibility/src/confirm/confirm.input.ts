import { Field, InputType, Int } from "type-graphql";
import { QualificationStatus } from "../qualification/qualification.type.js";

@InputType({ description: "Consent the patient gave at the face-authentication card reader (顔認証付きカードリーダー)" })
export class CardReaderConsentInput {
  @Field(() => Boolean, { defaultValue: false, description: "診療情報 (diagnoses, labs, documents)" }) diagnosis!: boolean;
  @Field(() => Boolean, { defaultValue: false, description: "薬剤情報 (prescriptions, allergies, contraindications)" }) medication!: boolean;
  @Field(() => Boolean, { defaultValue: false, description: "特定健診情報 (checkups)" }) checkup!: boolean;
  @Field(() => Boolean, { defaultValue: false, description: "手術情報 (surgery)" }) surgery!: boolean;
}

@InputType({ description: "An online qualification result (オンライン資格確認) read at this institution" })
export class ConfirmEligibilityInput {
  @Field(() => String, { description: "保険者番号, 8 digits with check digit" }) insurerNumber!: string;
  @Field(() => String, { description: "記号" }) symbol!: string;
  @Field(() => String, { description: "番号" }) number!: string;
  @Field(() => String, { nullable: true, description: "枝番 (2 digits)" }) branch?: string | null;
  @Field(() => String, { description: "Date of birth on the card (YYYY-MM-DD), checked against the patient" }) birthDate!: string;
  @Field(() => QualificationStatus, { defaultValue: QualificationStatus.VALID }) status!: string;
  @Field(() => Int, { nullable: true, description: "Co-payment ratio in percent (10, 20, 30)" }) copayRatio?: number | null;
  @Field(() => String, { nullable: true, description: "限度額適用認定証区分 (ア, イ, ウ, エ, オ …)" }) limitCategory?: string | null;
  @Field(() => CardReaderConsentInput, { nullable: true }) consent?: CardReaderConsentInput | null;
}
