import QRCode from "qrcode";

/**
 * 引換番号の控え (the paper slip of a document issued on paper): one A6 page with the exchange number in large digits,
 * the document type, the issuing institution, the patient as the document names her, and a QR code of the number, so
 * the destination's desk can scan instead of typing. Japanese text uses the PDF's predefined CJK font
 * HeiseiKakuGo-W5 with the UniJIS-UCS2-H encoding (Adobe-Japan1, ISO 32000-1 §9.7.5.2): every PDF viewer with
 * Japanese support renders it without an embedded font file, so the hub ships no font.
 */
export interface SlipInput {
  exchangeNumber: string;
  documentTitle: string;
  issuerName: string;
  issuerId: string;
  patientName: string | null;
  issuedAt: Date;
}

const A6 = { w: 298, h: 420 };
/** UTF-16BE hex for a UniJIS-UCS2-H string (BMP only; anything outside becomes 〓). */
const ucs2 = (s: string) => [...s].map((c) => { const n = c.codePointAt(0)!; return (n > 0xffff ? 0x3013 : n).toString(16).padStart(4, "0"); }).join("");
const ascii = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]/g, "?");

export function slipPdf(x: SlipInput): Buffer {
  const grouped = x.exchangeNumber.replace(/(\d{4})(?=\d)/g, "$1 ");
  const jp = (text: string, size: number, tx: number, ty: number) => `BT /F1 ${size} Tf ${tx} ${ty} Td <${ucs2(text)}> Tj ET`;
  const latin = (text: string, size: number, tx: number, ty: number) => `BT /F2 ${size} Tf ${tx} ${ty} Td (${ascii(text)}) Tj ET`;
  const day = new Date(x.issuedAt.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
  const qr = QRCode.create(x.exchangeNumber, { errorCorrectionLevel: "M" }).modules;
  const cell = 4, qx = (A6.w - qr.size * cell) / 2, qy = 60;
  const squares: string[] = [];
  for (let r = 0; r < qr.size; r++) for (let c = 0; c < qr.size; c++) if (qr.get(r, c)) squares.push(`${qx + c * cell} ${qy + (qr.size - 1 - r) * cell} ${cell} ${cell} re`);
  const content = [
    jp("引換番号", 12, 24, 380), latin(grouped, 20, 24, 352),
    jp(`文書: ${x.documentTitle}`, 10, 24, 320), jp(`発行: ${x.issuerName} (${x.issuerId})`, 10, 24, 302),
    jp(`患者: ${x.patientName ?? ""}`, 10, 24, 284), jp(`発行日: ${day}`, 10, 24, 266),
    jp("受診先の受付でこの番号またはQRコードを提示してください。", 8, 24, 244),
    `0 g ${squares.join(" ")} f`,
  ].join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${A6.w} ${A6.h}] /Resources << /Font << /F1 5 0 R /F2 8 0 R >> >> /Contents 4 0 R >>`,
    `<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type0 /BaseFont /HeiseiKakuGo-W5 /Encoding /UniJIS-UCS2-H /DescendantFonts [6 0 R] >>",
    "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /HeiseiKakuGo-W5 /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> /FontDescriptor 7 0 R /DW 1000 >>",
    "<< /Type /FontDescriptor /FontName /HeiseiKakuGo-W5 /Flags 4 /FontBBox [-92 -250 1010 922] /ItalicAngle 0 /Ascent 752 /Descent -221 /CapHeight 737 /StemV 114 >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>",
  ];
  let out = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => { offsets.push(Buffer.byteLength(out, "latin1")); out += `${i + 1} 0 obj\n${o}\nendobj\n`; });
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}
