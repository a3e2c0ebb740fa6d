/** File types a personnel archive accepts, recognised by content rather than by name. */
export const ARCHIVE_MIME_TYPES = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
export type ArchiveMimeType = (typeof ARCHIVE_MIME_TYPES)[keyof typeof ARCHIVE_MIME_TYPES];

const ALLOWED = new Set<string>(Object.values(ARCHIVE_MIME_TYPES));

const startsWith = (buffer: Buffer, bytes: number[]) => bytes.every((b, i) => buffer[i] === b);

/**
 * The type a file's first bytes (magic numbers) show: %PDF-, FF D8 FF, the PNG signature, or a ZIP
 * holding a Word document or an Excel workbook. Null for anything else.
 */
export function sniffMimeType(buffer: Buffer): ArchiveMimeType | null {
  if (startsWith(buffer, [0x25, 0x50, 0x44, 0x46, 0x2d])) return ARCHIVE_MIME_TYPES.pdf;
  if (startsWith(buffer, [0xff, 0xd8, 0xff])) return ARCHIVE_MIME_TYPES.jpeg;
  if (startsWith(buffer, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return ARCHIVE_MIME_TYPES.png;
  if (startsWith(buffer, [0x50, 0x4b, 0x03, 0x04])) {
    // Entry names in a ZIP are stored uncompressed, in the local headers and the central directory.
    if (buffer.includes('word/document.xml')) return ARCHIVE_MIME_TYPES.docx;
    if (buffer.includes('xl/workbook.xml')) return ARCHIVE_MIME_TYPES.xlsx;
  }
  return null;
}

/** The declared type, normalised (case, parameters, the common image/jpg alias). */
export function normaliseMimeType(declared: string | undefined): string {
  const base = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  return base === 'image/jpg' || base === 'image/pjpeg' ? 'image/jpeg' : base;
}

/**
 * Accepts a file when the type the client declares is an allowed one and the content is really of
 * that type: a renamed executable or a mislabelled file is refused. Returns the type to store.
 */
export function acceptedMimeType(declared: string | undefined, buffer: Buffer): ArchiveMimeType | null {
  const claimed = normaliseMimeType(declared);
  const actual = sniffMimeType(buffer);
  if (!actual || !ALLOWED.has(claimed) || claimed !== actual) return null;
  return actual;
}
