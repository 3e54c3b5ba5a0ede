import { Field, Int, ObjectType } from "type-graphql";
import { Category, RECORD_CATEGORY } from "@hub/common";

/** A key image or PDF that travels with a document; its bytes are fetched from `url` (signed, 5 minutes). */
@ObjectType({ description: "添付: an attachment of a document (key image, PDF)" })
export class DocumentAttachment {
  /** The document's attributes: an attachment is decided exactly as the document it belongs to. */
  patientId!: string;
  category!: string;
  id!: string;
  sourceOrgId!: string;
  withheld!: boolean;
  @Field(() => String, { description: "SHA-256 of the content (content-addressed)" }) @Category(RECORD_CATEGORY) sha256!: string;
  @Field(() => String) @Category(RECORD_CATEGORY) contentType!: string;
  @Field(() => Int) @Category(RECORD_CATEGORY) size!: number;
  @Field(() => String, { nullable: true }) @Category(RECORD_CATEGORY) title!: string | null;
  @Field(() => String, { description: "URL on the gateway, valid 5 minutes, for the caller only: fetch it with your own bearer token (and the same purpose headers); decided again at download" }) @Category(RECORD_CATEGORY) url!: string;
}
