import type { DataCategory } from "@hub/common";
import type { ConsentHolder } from "../consent/consent.rule.js";
import { cardReaderValidityMs } from "../consent/windows.js";

/**
 * 顔認証付きカードリーダーでの同意: at the card reader the patient ticks what the reading institution may see today
 * (診療情報, 薬剤情報, 特定健診等情報, 手術情報). The one home of what the flags mean (SPEC §8): for 24 hours the
 * institution that read the card may read the flagged categories, for treatment, plus the qualification itself and
 * the patient's demographics. What a given role of that institution may then read is still the policy's call.
 */
export const CARD_FLAGS = ["diagnosis", "medication", "checkup", "surgery"] as const;
export type CardFlag = (typeof CARD_FLAGS)[number];

export const FLAG_CATEGORIES: Record<CardFlag, readonly DataCategory[]> = {
  diagnosis: ["condition", "allergy", "infection", "contraindication", "lab_emergency", "lab_lifestyle", "document_referral", "document_discharge", "document_summary"],
  medication: ["prescription", "allergy", "contraindication"],
  checkup: ["document_checkup", "lab_lifestyle"],
  surgery: ["condition"],
};

/** Reading the card always gives the institution the qualification itself and the patient's demographics. */
export const CARD_ALWAYS: readonly DataCategory[] = ["eligibility", "demographics"];

export interface CardFlagAttr {
  organizationId: string;
  categories: DataCategory[];
  confirmedAt: Date;
}

/** The categories a card reading with these flags opens (flags in, categories out; order fixed). */
export function categoriesOfFlags(flags: readonly CardFlag[]): DataCategory[] {
  return [...new Set([...CARD_ALWAYS, ...flags.flatMap((f) => FLAG_CATEGORIES[f])])];
}

/** When a card reading stops counting. */
export const cardFlagValidUntil = (confirmedAt: Date): Date => new Date(confirmedAt.getTime() + cardReaderValidityMs);

/** Does this card reading let the holder read this category now? */
export function cardFlagCovers(f: CardFlagAttr, h: ConsentHolder, category: DataCategory): boolean {
  return h.purpose === "TREAT" && h.actor.org !== undefined && f.organizationId === h.actor.org && f.categories.includes(category)
    && f.confirmedAt <= h.now && h.now < cardFlagValidUntil(f.confirmedAt);
}

export function coveringCardFlag(flags: readonly CardFlagAttr[], h: ConsentHolder, category: DataCategory): CardFlagAttr | undefined {
  return flags.find((f) => cardFlagCovers(f, h, category));
}
