import { Alert, Form, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

interface Props {
  columns: string[];
  /** Required fields the server found no column for. */
  missing: string[];
  mapping: Record<string, string | null>;
  onChange: (m: Record<string, string | null>) => void;
}

/** One select per field of a person: which column of the uploaded sheet holds it. */
export function MappingStep({ columns, missing, mapping, onChange }: Props) {
  const { t } = useTranslation();
  const options = columns.map((c) => ({ value: c, label: c }));
  return (
    <>
      <Typography.Paragraph type="secondary">{t('import.mappingIntro')}</Typography.Paragraph>
      {missing.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('import.missingColumns', {
            fields: missing.map((f) => t(`people.fields.${f}`, { defaultValue: f })).join('、'),
          })}
        />
      )}
      <Form layout="horizontal" labelCol={{ xs: 24, sm: 8 }} wrapperCol={{ xs: 24, sm: 14 }}>
        {Object.keys(mapping).map((field) => (
          <Form.Item
            key={field}
            label={t(`people.fields.${field}`, { defaultValue: field })}
            required={missing.includes(field)}
            validateStatus={missing.includes(field) && !mapping[field] ? 'warning' : undefined}
          >
            <Select
              allowClear
              value={mapping[field] ?? undefined}
              placeholder={t('import.notMapped')}
              options={options}
              onChange={(v: string | undefined) => onChange({ ...mapping, [field]: v ?? null })}
              data-testid={`import-map-${field}`}
            />
          </Form.Item>
        ))}
      </Form>
    </>
  );
}
