import { UploadOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Input, Modal, Select, Upload } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../../components/useApiError.ts';
import { DOC_TYPES, type DocType } from '../../lib/enums.ts';
import { useUploadDocument } from './api.ts';

const MAX_BYTES = 10 * 1024 * 1024;

interface Values {
  docType: DocType;
  title: string;
  expiryDate: Dayjs | null;
}

export function UploadDocumentModal({ userId, onClose }: { userId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const upload = useUploadDocument(userId);
  const showError = useApiError();
  // The file is kept outside the form: antd's Upload is not a value-holding form control.
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);

  const submit = (v: Values) => {
    if (!file) return setFileError(t('archive.pickFile'));
    upload.mutate(
      {
        file,
        docType: v.docType,
        title: v.title.trim(),
        expiryDate: v.expiryDate ? v.expiryDate.format('YYYY-MM-DD') : null,
      },
      {
        onSuccess: () => {
          void message.success(t('archive.uploaded'));
          onClose();
        },
        onError: (e) => showError(e, form),
      },
    );
  };

  return (
    <Modal
      open
      title={t('archive.upload')}
      okText={t('archive.upload')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={upload.isPending}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ docType: 'contract', title: '', expiryDate: null }}
      >
        <Form.Item
          label={t('archive.fields.file')}
          required
          validateStatus={fileError ? 'error' : undefined}
          help={fileError ?? undefined}
          extra={file ? file.name : t('archive.fileHint')}
        >
          <Upload
            maxCount={1}
            showUploadList={false}
            beforeUpload={(f) => {
              if (f.size > MAX_BYTES) {
                setFileError(t('errors.FILE_TOO_LARGE'));
                return Upload.LIST_IGNORE;
              }
              setFile(f);
              setFileError(null);
              // Default the title to the file name: one field less to type.
              if (!form.getFieldValue('title')) form.setFieldValue('title', f.name.replace(/\.[^.]+$/, ''));
              return false;
            }}
          >
            <Button icon={<UploadOutlined />}>{t('archive.chooseFile')}</Button>
          </Upload>
        </Form.Item>
        <Form.Item name="docType" label={t('archive.fields.docType')} rules={[{ required: true }]}>
          <Select options={DOC_TYPES.map((d) => ({ value: d, label: t(`docTypes.${d}`) }))} />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('archive.fields.title')}
          rules={[{ required: true, whitespace: true, max: 200, message: t('validation.required') }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="expiryDate" label={t('archive.fields.expiryDate')} extra={t('archive.expiryHint')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
