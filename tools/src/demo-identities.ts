/** Demo identities (SPEC §11) and the token line for each. */
export const DEMO_IDENTITIES: { who: string; args: string }[] = [
  { who: "北条 花子 (patient P-0001)", args: "--role patient --sub P-0001 --patient P-0001" },
  { who: "doctor D-001 @ みなと総合病院 (consented)", args: "--role doctor --sub D-001 --org 1310000002" },
  { who: "nurse N-001 @ みなと総合病院", args: "--role nurse --sub N-001 --org 1310000002" },
  { who: "doctor D-005 @ E医療センター (no consent)", args: "--role doctor --sub D-005 --org 1310000005" },
  { who: "pharmacist PH-001 @ さくら薬局", args: "--role pharmacist --sub PH-001 --org 1310000003" },
  { who: "responder ER-001 @ 城東救命救急センター", args: "--role emergency_responder --sub ER-001 --org 1310000009 --mfa" },
  { who: "responder ER-002 @ なにわ救急病院", args: "--role emergency_responder --sub ER-002 --org 2710000009 --mfa" },
  { who: "policy admin ADM-001", args: "--role policy_admin --sub ADM-001" },
  { who: "data steward ST-001", args: "--role data_steward --sub ST-001" },
  { who: "researcher R-001", args: "--role researcher --sub R-001" },
  { who: "PHR operator OP-001", args: "--role phr_operator --sub OP-001 --org 1399999999" },
  { who: "auditor AU-001", args: "--role auditor --sub AU-001" },
];
