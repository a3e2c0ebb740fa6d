import { SwapOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  Radio,
  Skeleton,
  Table,
  Tabs,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  HandoverReasons,
  type Handover,
  type HandoverPreview,
  type HandoverReason,
} from '../../../../../contracts/handover.ts';
import { ErrorState } from '../../../components/ErrorState.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { useApiError } from '../../../components/useApiError.ts';
import { formatDate, formatDateTime, formatNumber } from '../../../i18n/format.ts';
import { useIsPhoneLayout } from '../../../layout/useIsPhoneLayout.ts';
import { useUser } from '../../people/api.ts';
import { exportHandovers, useCreateHandover, useHandover, useHandoverPreview, useHandovers } from '../api.ts';
import { ExportButton, GradeTag, StageTag } from '../components/common.tsx';
import { PAGE_SIZES, useUrlParams } from '../components/useUrlParams.ts';
import '../prospect.css';
import { countsText, HandoverDetailBody } from './HandoverDetail.tsx';
import { PersonPicker } from './PersonPicker.tsx';
import {
  EMPTY_SELECTION,
  handoverBody,
  isEmptySelection,
  looseLinks,
  selectionCounts,
  withLinked,
  type Selection,
} from './selection.ts';

/**
 * The manager's handover (客户移交): pick the leaving agent, see what they hold, choose all or some
 * of their cards, customers and names, pick who takes them over and why, confirm once. Past
 * handovers are listed below with what each moved.
 */
export default function HandoverPage() {
  const { t } = useTranslation();
  const [openId, setOpenId] = useState<string | null>(null);
  return (
    <div data-testid="handover-page">
      <PageHeader title={t('prospect.nav.handover')} subtitle={t('prospect.handover.intro')} />
      <Flex vertical gap={16}>
        <HandoverForm onDone={setOpenId} />
        <HandoverHistory onOpen={setOpenId} />
      </Flex>
      {openId && <HandoverDrawer id={openId} onClose={() => setOpenId(null)} />}
    </div>
  );
}

function HandoverForm({ onDone }: { onDone: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const { modal, message } = App.useApp();
  const showError = useApiError();
  const lang = i18n.language;
  const [fromId, setFromId] = useState<string>();
  const [toId, setToId] = useState<string>();
  const [reason, setReason] = useState<HandoverReason>('leaving');
  const [note, setNote] = useState('');
  const [sel, setSel] = useState<Selection>({ ...EMPTY_SELECTION, all: true });
  const preview = useHandoverPreview(fromId ?? null);
  const { data: toUser } = useUser(toId);
  const create = useCreateHandover();
  const n = (v: number) => formatNumber(v, lang);

  const pickFrom = (id: string | undefined) => {
    setFromId(id);
    setSel({ ...EMPTY_SELECTION, all: true });
    if (id && id === toId) setToId(undefined);
  };

  const p = preview.data;
  const counts = p ? selectionCounts(p, sel) : null;
  const loose = p ? looseLinks(p, sel) : { cards: 0, names: 0 };
  const holdsNothing = !!p && p.counts.names + p.counts.prospects + p.counts.customers === 0;
  const ready = !!p && !!toId && !isEmptySelection(sel) && !holdsNothing;

  const submit = () => {
    if (!p || !toId || !counts) return;
    modal.confirm({
      title: t('prospect.handover.confirmTitle'),
      content: (
        <Typography.Paragraph style={{ marginBottom: 0 }}>
          {t('prospect.handover.confirmBody', {
            from: p.user.name,
            to: toUser?.displayName ?? '',
            prospects: n(counts.prospects),
            customers: n(counts.customers),
            policies: n(counts.policies),
            names: n(counts.names),
          })}
        </Typography.Paragraph>
      ),
      okText: t('prospect.handover.confirmOk'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'handover-confirm-ok' },
      onOk: () =>
        create
          .mutateAsync(handoverBody(p.user.id, toId, reason, note, sel))
          .then((h) => {
            void message.success(t('prospect.handover.done', { to: h.toUserName }));
            setFromId(undefined);
            setToId(undefined);
            setNote('');
            setSel({ ...EMPTY_SELECTION, all: true });
            onDone(h.id);
          })
          .catch((e: unknown) => showError(e)),
    });
  };

  return (
    <Card size="small" title={t('prospect.handover.newTitle')} data-testid="handover-form">
      <Form layout="vertical" component="div">
        <Flex gap={16} wrap>
          <Form.Item
            label={t('prospect.handover.from')}
            style={{ flex: '1 1 260px', marginBottom: 12 }}
            required
          >
            <PersonPicker
              value={fromId}
              onChange={pickFrom}
              includeLeft
              ariaLabel={t('prospect.handover.from')}
              placeholder={t('prospect.handover.fromPlaceholder')}
              testId="handover-from"
            />
          </Form.Item>
          <Form.Item
            label={t('prospect.handover.reason')}
            style={{ flex: '1 1 260px', marginBottom: 12 }}
            required
          >
            <Radio.Group
              value={reason}
              onChange={(e) => setReason(e.target.value as HandoverReason)}
              optionType="button"
              options={HandoverReasons.map((r) => ({ value: r, label: t(`prospect.handover.reasons.${r}`) }))}
              aria-label={t('prospect.handover.reason')}
              data-testid="handover-reason"
            />
          </Form.Item>
        </Flex>
        {!fromId ? (
          <Typography.Paragraph type="secondary">{t('prospect.handover.pickFromFirst')}</Typography.Paragraph>
        ) : preview.error && !p ? (
          <ErrorState error={preview.error} onRetry={() => void preview.refetch()} />
        ) : !p ? (
          <Skeleton active paragraph={{ rows: 4 }} />
        ) : (
          <Flex vertical gap={12}>
            <HoldsSummary preview={p} />
            {holdsNothing ? (
              <Alert
                type="info"
                showIcon
                message={t('prospect.handover.holdsNothing', { name: p.user.name })}
              />
            ) : (
              <>
                <Radio.Group
                  value={sel.all ? 'all' : 'some'}
                  onChange={(e) =>
                    setSel(
                      e.target.value === 'all' ? { ...EMPTY_SELECTION, all: true } : { ...EMPTY_SELECTION },
                    )
                  }
                  aria-label={t('prospect.handover.what')}
                  data-testid="handover-scope"
                >
                  <Radio value="all">{t('prospect.handover.all')}</Radio>
                  <Radio value="some">{t('prospect.handover.some')}</Radio>
                </Radio.Group>
                {!sel.all && <SelectionTabs preview={p} sel={sel} onChange={setSel} />}
                {(loose.cards > 0 || loose.names > 0) && (
                  <Alert
                    type="warning"
                    showIcon
                    message={t('prospect.handover.looseLinks', {
                      cards: n(loose.cards),
                      names: n(loose.names),
                    })}
                    action={
                      <Button
                        size="small"
                        onClick={() => setSel(withLinked(p, sel))}
                        data-testid="handover-join-links"
                      >
                        {t('prospect.handover.joinLinks')}
                      </Button>
                    }
                  />
                )}
              </>
            )}
            <Flex gap={16} wrap>
              <Form.Item
                label={t('prospect.handover.to')}
                style={{ flex: '1 1 260px', marginBottom: 12 }}
                required
              >
                <PersonPicker
                  value={toId}
                  onChange={setToId}
                  includeLeft={false}
                  exclude={fromId}
                  ariaLabel={t('prospect.handover.to')}
                  placeholder={t('prospect.handover.toPlaceholder')}
                  testId="handover-to"
                />
              </Form.Item>
              <Form.Item label={t('prospect.handover.note')} style={{ flex: '2 1 320px', marginBottom: 12 }}>
                <Input.TextArea
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                  maxLength={500}
                  autoSize={{ minRows: 1, maxRows: 4 }}
                  aria-label={t('prospect.handover.note')}
                  data-testid="handover-note"
                />
              </Form.Item>
            </Flex>
            {counts && !holdsNothing && (
              <Typography.Text data-testid="handover-summary">
                {t('prospect.handover.willMove', {
                  prospects: n(counts.prospects),
                  customers: n(counts.customers),
                  policies: n(counts.policies),
                  requests: n(counts.serviceRequests),
                  names: n(counts.names),
                })}
              </Typography.Text>
            )}
            <Flex>
              <Button
                type="primary"
                icon={<SwapOutlined />}
                disabled={!ready}
                loading={create.isPending}
                onClick={submit}
                data-testid="handover-submit"
              >
                {t('prospect.handover.submit')}
              </Button>
            </Flex>
          </Flex>
        )}
      </Form>
    </Card>
  );
}

function HoldsSummary({ preview }: { preview: HandoverPreview }) {
  const { t, i18n } = useTranslation();
  const c = preview.counts;
  const n = (v: number) => formatNumber(v, i18n.language);
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 2, sm: 3, md: 3, lg: 6 }}
      data-testid="handover-holds"
      title={
        <span>
          {t('prospect.handover.holds', { name: preview.user.name, unit: preview.user.unitName })}{' '}
          {preview.user.status === 'left' && <Tag>{t('userStatus.left')}</Tag>}
        </span>
      }
      items={(['prospects', 'customers', 'households', 'policies', 'serviceRequests', 'names'] as const).map(
        (k) => ({
          key: k,
          label: t(`prospect.handover.counts.${k}`),
          children: <b>{n(c[k])}</b>,
        }),
      )}
    />
  );
}

/** Rows of one kind to tick for the handover, ten a page; ticks survive paging and the name search. */
function ChoiceTable<T extends { id: string; name: string }>({
  rows,
  columns,
  chosen,
  onChoose,
  testId,
}: {
  rows: T[];
  columns: TableColumnsType<T>;
  chosen: string[];
  onChoose: (ids: string[]) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Table<T>
      rowKey="id"
      size="small"
      dataSource={rows}
      columns={columns}
      pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true }}
      scroll={{ x: 'max-content' }}
      data-testid={testId}
      rowSelection={{
        selectedRowKeys: chosen,
        preserveSelectedRowKeys: true,
        onChange: (keys) => onChoose(keys.map(String)),
        getCheckboxProps: (r) => ({
          'aria-label': t('prospect.handover.choose', { name: r.name }),
        }),
      }}
    />
  );
}

function SelectionTabs({
  preview,
  sel,
  onChange,
}: {
  preview: HandoverPreview;
  sel: Selection;
  onChange: (s: Selection) => void;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const match = (name: string) => !q.trim() || name.includes(q.trim());
  const prospects = preview.prospects.filter((r) => match(r.name));
  const customers = preview.customers.filter((r) => match(r.name));
  const names = preview.names.filter((r) => match(r.name));
  type P = HandoverPreview['prospects'][number];
  type C = HandoverPreview['customers'][number];
  type N = HandoverPreview['names'][number];
  const pCols: TableColumnsType<P> = [
    { key: 'name', title: t('prospect.columns.name'), dataIndex: 'name' },
    {
      key: 'grade',
      title: t('prospect.columns.grade'),
      render: (_: unknown, r) => <GradeTag grade={r.grade} />,
    },
    {
      key: 'stage',
      title: t('prospect.columns.stage'),
      render: (_: unknown, r) => <StageTag stage={r.stage} />,
    },
    {
      key: 'followUp',
      title: t('prospect.columns.nextFollowUp'),
      render: (_: unknown, r) => formatDate(r.nextFollowUp) || '—',
    },
  ];
  const cCols: TableColumnsType<C> = [
    { key: 'name', title: t('prospect.columns.name'), dataIndex: 'name' },
    {
      key: 'household',
      title: t('prospect.columns.household'),
      render: (_: unknown, r) => r.householdName ?? '—',
    },
    { key: 'policies', title: t('prospect.handover.counts.policies'), align: 'right', dataIndex: 'policies' },
    {
      key: 'requests',
      title: t('prospect.handover.counts.serviceRequests'),
      align: 'right',
      dataIndex: 'serviceRequests',
    },
  ];
  const nCols: TableColumnsType<N> = [
    { key: 'name', title: t('prospect.columns.name'), dataIndex: 'name' },
    {
      key: 'category',
      title: t('prospect.columns.category'),
      render: (_: unknown, r) => t(`prospect.categories.${r.category}`, { defaultValue: r.category }),
    },
    {
      key: 'grade',
      title: t('prospect.columns.grade'),
      render: (_: unknown, r) => <GradeTag grade={r.grade} />,
    },
    {
      key: 'card',
      title: t('prospect.columns.hasCard'),
      render: (_: unknown, r) => (r.prospectId ? t('prospect.handover.hasCard') : '—'),
    },
  ];
  const label = (key: string, chosen: number, total: number) =>
    `${t(`prospect.handover.counts.${key}`)} (${chosen}/${total})`;
  return (
    <Card size="small" styles={{ body: { paddingTop: 4 } }}>
      <Input.Search
        allowClear
        value={q}
        onChange={(e) => setQ(e.target.value)}
        placeholder={t('prospect.handover.searchName')}
        aria-label={t('prospect.handover.searchName')}
        style={{ maxWidth: 280, marginTop: 8 }}
      />
      <Tabs
        items={[
          {
            key: 'prospects',
            label: label('prospects', sel.prospectIds.length, preview.prospects.length),
            children: (
              <ChoiceTable<P>
                rows={prospects}
                columns={pCols}
                chosen={sel.prospectIds}
                onChoose={(ids) => onChange({ ...sel, prospectIds: ids })}
                testId="handover-prospects"
              />
            ),
          },
          {
            key: 'customers',
            label: label('customers', sel.customerIds.length, preview.customers.length),
            children: (
              <ChoiceTable<C>
                rows={customers}
                columns={cCols}
                chosen={sel.customerIds}
                onChoose={(ids) => onChange({ ...sel, customerIds: ids })}
                testId="handover-customers"
              />
            ),
          },
          {
            key: 'names',
            label: label('names', sel.nameIds.length, preview.names.length),
            children: (
              <ChoiceTable<N>
                rows={names}
                columns={nCols}
                chosen={sel.nameIds}
                onChoose={(ids) => onChange({ ...sel, nameIds: ids })}
                testId="handover-names"
              />
            ),
          },
        ]}
      />
    </Card>
  );
}

function HandoverHistory({ onOpen }: { onOpen: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const phone = useIsPhoneLayout();
  const [state, update] = useUrlParams({ userId: undefined });
  const { data, error, refetch, isFetching } = useHandovers({
    userId: state.values.userId,
    page: state.page,
    pageSize: state.pageSize,
  });
  const columns: TableColumnsType<Handover> = [
    {
      key: 'at',
      title: t('prospect.columns.handedOverAt'),
      render: (_: unknown, r) => formatDateTime(r.createdAt),
    },
    { key: 'from', title: t('prospect.handover.from'), render: (_: unknown, r) => <b>{r.fromUserName}</b> },
    { key: 'to', title: t('prospect.handover.to'), render: (_: unknown, r) => <b>{r.toUserName}</b> },
    {
      key: 'reason',
      title: t('prospect.handover.reason'),
      render: (_: unknown, r) => t(`prospect.handover.reasons.${r.reason}`),
    },
    {
      key: 'moved',
      title: t('prospect.columns.moved'),
      render: (_: unknown, r) => countsText(t, r.counts, lang),
    },
    { key: 'by', title: t('prospect.columns.handedOverBy'), dataIndex: 'createdByName' },
    {
      key: 'open',
      title: t('common.actions'),
      render: (_: unknown, r) => (
        <Button
          size={phone ? 'middle' : 'small'}
          onClick={() => onOpen(r.id)}
          aria-label={t('prospect.handover.openNamed', { from: r.fromUserName, to: r.toUserName })}
          data-testid="handover-open"
        >
          {t('prospect.handover.open')}
        </Button>
      ),
    },
  ];
  return (
    <Card
      size="small"
      title={t('prospect.handover.historyTitle')}
      className="sb-pro-table"
      styles={{ body: { padding: 0 } }}
    >
      <Flex gap={8} wrap align="center" role="search" style={{ padding: 12 }}>
        <div style={{ flex: '1 1 220px', minWidth: 0, maxWidth: phone ? undefined : 300 }}>
          <PersonPicker
            value={state.values.userId}
            onChange={(v) => update({ userId: v })}
            includeLeft
            ariaLabel={t('prospect.filters.agent')}
            placeholder={t('prospect.filters.anyAgent')}
            testId="handover-history-user"
          />
        </div>
        {!phone && <div style={{ flex: '1 1 auto' }} />}
        <ExportButton
          testId="handover-history-export"
          onExport={() => exportHandovers({ userId: state.values.userId })}
        />
      </Flex>
      {error && !data ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : (
        <Table<Handover>
          rowKey="id"
          size="small"
          loading={isFetching}
          dataSource={data?.items ?? []}
          columns={columns}
          scroll={{ x: 'max-content' }}
          data-testid="handover-history"
          locale={{ emptyText: t('prospect.handover.noHistory') }}
          onChange={(p) => update({ page: p.current ?? 1, pageSize: p.pageSize ?? state.pageSize })}
          pagination={{
            current: state.page,
            pageSize: state.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZES,
            showTotal: (total) => t('prospect.totalRows', { n: formatNumber(total, lang) }),
          }}
        />
      )}
    </Card>
  );
}

function HandoverDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const phone = useIsPhoneLayout();
  const { data, error, refetch } = useHandover(id);
  return (
    <Drawer
      open
      onClose={onClose}
      width={phone ? '100%' : 560}
      title={
        data
          ? t('prospect.handover.detailTitle', { from: data.fromUserName, to: data.toUserName })
          : t('prospect.handover.open')
      }
      data-testid="handover-detail"
    >
      {error && !data ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : !data ? (
        <Skeleton active />
      ) : (
        <HandoverDetailBody data={data} />
      )}
    </Drawer>
  );
}
