import { DeleteOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Popconfirm, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ArchiveDocument } from '../../../../contracts/user.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { RowList } from '../../components/RowList.tsx';
import { useApiError } from '../../components/useApiError.ts';
import { formatBytes, formatDate, formatDateTime } from '../../i18n/format.ts';
import { useIsPhoneLayout, useTouchSize } from '../../layout/useIsPhoneLayout.ts';
import { useCan } from '../auth/MeContext.tsx';
import { downloadDocument, useDeleteDocument, useDocuments } from './api.ts';
import { expiryState } from './expiry.ts';
import { UploadDocumentModal } from './UploadDocumentModal.tsx';

/** Expiry as a tag with a word (已过期 / 即将到期), never colour alone. */
function ExpiryTag({ date }: { date: string | null }) {
  const { t } = useTranslation();
  const state = expiryState(date);
  if (state === 'none') return <Typography.Text type="secondary">{t('archive.noExpiry')}</Typography.Text>;
  const text = formatDate(date);
  if (state === 'expired') return <Tag color="error">{t('archive.expired', { date: text })}</Tag>;
  if (state === 'soon') return <Tag color="warning">{t('archive.expiringSoon', { date: text })}</Tag>;
  return <span>{text}</span>;
}

export function ArchiveTab({ userId }: { userId: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const phone = useIsPhoneLayout();
  const showError = useApiError();
  const { data, isPending, error, refetch } = useDocuments(userId);
  const remove = useDeleteDocument(userId);
  const [uploading, setUploading] = useState(false);
  const [downloading, setDownloading] = useState<string | null>(null);
  const writable = can('archive.write');
  const size = useTouchSize();

  const download = (d: ArchiveDocument) => {
    setDownloading(d.id);
    downloadDocument(d)
      .catch((e: unknown) => showError(e))
      .finally(() => setDownloading(null));
  };

  const actions = (d: ArchiveDocument) => (
    <Flex gap={4}>
      <Button
        size={size}
        icon={<DownloadOutlined />}
        loading={downloading === d.id}
        onClick={() => download(d)}
      >
        {t('archive.download')}
      </Button>
      {writable && (
        <Popconfirm
          title={t('archive.deleteConfirm', { title: d.title, file: d.fileName })}
          okText={t('common.delete')}
          okButtonProps={{ danger: true }}
          cancelText={t('common.cancel')}
          onConfirm={() =>
            void remove.mutateAsync(d.id).then(
              () => void message.success(t('archive.deleted', { title: d.title })),
              (e: unknown) => showError(e),
            )
          }
        >
          <Button size={size} danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
        </Popconfirm>
      )}
    </Flex>
  );

  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  const docs = [...(data ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const attention = docs.filter((d) => ['expired', 'soon'].includes(expiryState(d.expiryDate))).length;

  return (
    <Card
      title={
        attention > 0 ? (
          <Typography.Text type="warning">{t('archive.attention', { count: attention })}</Typography.Text>
        ) : (
          t('person.tabs.archive')
        )
      }
      extra={
        writable && (
          <Button
            type="primary"
            icon={<UploadOutlined />}
            onClick={() => setUploading(true)}
            data-testid="archive-upload"
          >
            {t('archive.upload')}
          </Button>
        )
      }
      styles={phone ? { body: { padding: 0 } } : undefined}
    >
      {phone ? (
        <RowList
          items={docs}
          rowKey={(d) => d.id}
          empty={
            <Typography.Paragraph type="secondary" style={{ padding: 16, margin: 0 }}>
              {t('archive.empty')}
            </Typography.Paragraph>
          }
          render={(d) => (
            <Flex vertical gap={4} style={{ width: '100%' }}>
              <Flex gap={6} wrap align="center">
                <Typography.Text strong>{d.title}</Typography.Text>
                <Tag>{t(`docTypes.${d.docType}`)}</Tag>
                <ExpiryTag date={d.expiryDate} />
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {d.fileName} · {formatBytes(d.sizeBytes, i18n.language)}
              </Typography.Text>
              {actions(d)}
            </Flex>
          )}
        />
      ) : (
        <Table<ArchiveDocument>
          rowKey="id"
          size="middle"
          loading={isPending}
          dataSource={docs}
          pagination={false}
          locale={{ emptyText: t('archive.empty') }}
          columns={[
            { title: t('archive.fields.title'), dataIndex: 'title' },
            {
              title: t('archive.fields.docType'),
              dataIndex: 'docType',
              render: (v: ArchiveDocument['docType']) => <Tag>{t(`docTypes.${v}`)}</Tag>,
            },
            {
              title: t('archive.fields.file'),
              key: 'file',
              render: (_, d) => (
                <Typography.Text type="secondary">
                  {d.fileName} · {formatBytes(d.sizeBytes, i18n.language)}
                </Typography.Text>
              ),
            },
            {
              title: t('archive.fields.expiryDate'),
              dataIndex: 'expiryDate',
              render: (v: string | null) => <ExpiryTag date={v} />,
            },
            {
              title: t('archive.fields.uploadedAt'),
              dataIndex: 'createdAt',
              render: (v: string) => formatDateTime(v),
            },
            { title: t('common.actions'), key: 'actions', render: (_, d) => actions(d) },
          ]}
        />
      )}
      {uploading && <UploadDocumentModal userId={userId} onClose={() => setUploading(false)} />}
    </Card>
  );
}
