import { BadUserInputError } from "@hub/common";
import type { RecordVitalInput } from "./phr.input.js";

/** Units and plausible ranges per kind of vital; anything else is BAD_USER_INPUT. */
const RULES: Record<string, { unit: string; min: number; max: number; needsValue2?: boolean }> = {
  blood_pressure: { unit: "mmHg", min: 40, max: 300, needsValue2: true },
  weight: { unit: "kg", min: 1, max: 500 },
  glucose: { unit: "mg/dL", min: 10, max: 1000 },
  steps: { unit: "steps", min: 0, max: 200_000 },
  body_temperature: { unit: "Cel", min: 30, max: 45 },
  pulse: { unit: "/min", min: 20, max: 300 },
};

export function checkVital(v: RecordVitalInput): void {
  const rule = RULES[v.kind];
  if (!rule) throw new BadUserInputError(`unknown kind "${v.kind}" (one of: ${Object.keys(RULES).join(", ")})`, { argument: "kind" });
  if (v.unit !== rule.unit) throw new BadUserInputError(`${v.kind} is recorded in ${rule.unit}`, { argument: "unit" });
  if (!Number.isFinite(v.value) || v.value < rule.min || v.value > rule.max) throw new BadUserInputError(`${v.kind} must be between ${rule.min} and ${rule.max} ${rule.unit}`, { argument: "value" });
  if (rule.needsValue2) {
    if (v.value2 == null || !Number.isFinite(v.value2) || v.value2 < rule.min || v.value2 >= v.value) {
      throw new BadUserInputError("blood_pressure needs value2 (diastolic) below value (systolic)", { argument: "value2" });
    }
  } else if (v.value2 != null) throw new BadUserInputError(`${v.kind} has no second value`, { argument: "value2" });
  if (v.measuredAt && v.measuredAt.getTime() > Date.now() + 5 * 60_000) throw new BadUserInputError("measuredAt is in the future", { argument: "measuredAt" });
}
