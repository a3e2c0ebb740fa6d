import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { FieldError } from '../../contracts/errors.ts';
import { invalid } from '../http/errors.ts';
import type { UploadedFile } from './spreadsheet.ts';

export interface Upload<T> {
  file: UploadedFile;
  fields: T;
}

/** A file name fit to store and send back: no directories, no control characters, at most 200 characters. */
export function safeFileName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (!clean) return 'file';
  if (clean.length <= 200) return clean;
  const dot = clean.lastIndexOf('.');
  const ext = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : '';
  return clean.slice(0, 200 - ext.length) + ext;
}

/**
 * Reads a multipart request with one file part named "file" and text fields, and validates the
 * fields with a zod schema: 400 with per-field details ("body.<field>") like a JSON body would get.
 * Blank fields count as absent, as an HTML form sends them. The size limit is the multipart
 * plugin's (413 FILE_TOO_LARGE).
 */
export async function readUpload<S extends z.ZodType>(req: FastifyRequest, schema: S): Promise<Upload<z.output<S>>> {
  if (!req.isMultipart()) {
    throw invalid([{ path: 'body.file', message: 'Send the file as multipart/form-data', code: 'notMultipart' }]);
  }
  let file: UploadedFile | null = null;
  const raw: Record<string, string> = {};
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      const buffer = await part.toBuffer();
      if (part.fieldname === 'file' && !file) file = { buffer, filename: safeFileName(part.filename), mimetype: part.mimetype };
    } else if (typeof part.value === 'string' && part.value !== '') {
      raw[part.fieldname] = part.value;
    }
  }
  const errors: FieldError[] = [];
  if (!file) errors.push({ path: 'body.file', message: 'Required', code: 'required' });
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      errors.push({ path: ['body', ...issue.path.map(String)].join('.'), message: issue.message, code: issue.code });
    }
  }
  if (errors.length || !file || !parsed.success) throw invalid(errors);
  return { file, fields: parsed.data };
}
