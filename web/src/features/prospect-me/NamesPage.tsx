import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Input, Progress, Segmented, Select, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useApiError } from '../../components/useApiError.ts';
import { formatNumber } from '../../i18n/format.ts';
import { useIsPhoneLayout } from '../../layout/useIsPhoneLayout.ts';
import {
  PLAN100_TARGET,
  PlanNameCategories,
  type Plan100Progress,
  type PlanName,
  type PlanNameCategory,
} from '../../../../contracts/plan100.ts';
import { exportNames, IMPORTS, useBulkNames, useNames, type NameFilters } from './api.ts';
import { ImportModal } from './ImportModal.tsx';
import { categoryAliases, GradeTag } from './labels.tsx';
import { isBlocking, nameKey, parseLines, type ParsedLine } from './lines.ts';
import { NameDrawer } from './NameDrawer.tsx';
import { ProspectTabs } from './ProspectTabs.tsx';
import { PagedRowList } from './PagedRowList.tsx';
import { ExportButton } from '../prospect/components/common.tsx';
import { needsRescore } from './scoring.ts';
import './prospect-me.css';

const CATEGORY_STORE = 'salesbase.plan100.category';
const PAGE_SIZE = 200;

function storedCategory(): PlanNameCategory {
  try {
    const v = localStorage.getItem(CATEGORY_STORE);
    if (v && (PlanNameCategories as readonly string[]).includes(v)) return v as PlanNameCategory;
  } catch {
    /* private mode */
  }
  return 'friends';
}

/** Progress toward 100 names and how the list is graded so far. */
function ProgressCard({ progress }: { progress: Plan100Progress }) {
  const { t, i18n } = useTranslation();
  const n = (x: number) => formatNumber(x, i18n.language);
  const target = progress.target || PLAN100_TARGET;
  return (
    <Card size="small" data-testid="plan100-progress">
      <Flex justify="space-between" align="baseline" wrap gap={8}>
        <Typography.Text strong>{t('prospectMe.names.progressTitle')}</Typography.Text>
        <Typography.Text>
          <strong style={{ fontSize: 20 }} data-testid="plan100-count">
            {n(progress.count)}
          </strong>
          <Typography.Text type="secondary"> / {n(target)}</Typography.Text>
        </Typography.Text>
      </Flex>
      <Progress
        percent={Math.min(100, Math.round((progress.count / target) * 100))}
        status={progress.count >= target ? 'success' : 'active'}
        aria-label={t('prospectMe.names.progressTitle')}
      />
      <dl className="sb-pm-figures">
        {(['A', 'B', 'C', 'none'] as const).map((g) => (
          <div key={g} className="sb-pm-figure">
            <dt>{g === 'none' ? t('prospectMe.grade.none') : t('prospectMe.grade.label', { grade: g })}</dt>
            <dd data-testid={`plan100-grade-${g}`}>{n(progress.grades[g])}</dd>
          </div>
        ))}
      </dl>
      {progress.excludedCount > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t('prospectMe.names.excludedCount', { count: progress.excludedCount })}
        </Typography.Text>
      )}
    </Card>
  );
}

/** Problems of a previewed line in words (colour is never the only signal). */
function LineProblems({ line, server }: { line: ParsedLine; server: string[] }) {
  const { t } = useTranslation();
  return (
    <>
      {line.problems.map((p) => (
        <Tag key={p} color={isBlocking(p) ? 'red' : 'orange'} style={{ marginInlineEnd: 0 }}>
          {t(`prospectMe.quick.problems.${p}`)}
        </Tag>
      ))}
      {server.map((m, i) => (
        <Tag key={`s${i}`} color="red" style={{ marginInlineEnd: 0 }}>
          {m}
        </Tag>
      ))}
    </>
  );
}

/**
 * Type a name and press Enter, or paste many lines ("姓名 关系 电话 备注"): each line is previewed
 * as it will be saved, and a line without a relationship takes the chosen default.
 */
function QuickEntry({
  existing,
  onImport,
}: {
  existing: ReadonlySet<string>;
  onImport?: (() => void) | undefined;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const bulk = useBulkNames();
  const [text, setText] = useState('');
  const [category, setCategory] = useState<PlanNameCategory>(storedCategory);
  const [serverErrors, setServerErrors] = useState<Map<number, string[]>>(new Map());
  const aliases = useMemo(
    () => categoryAliases((c, lng) => i18n.t(`prospectMe.category.${c}`, { lng })),
    [i18n],
  );
  const lines = useMemo(() => parseLines(text, aliases, existing), [text, aliases, existing]);
  const blocked = lines.some((l) => l.problems.some(isBlocking));
  const catLabel = (c: string) => t(`prospectMe.category.${c}`);

  const submit = () => {
    if (lines.length === 0 || bulk.isPending) return;
    if (blocked) {
      void message.error(t('prospectMe.quick.fixFirst'));
      return;
    }
    setServerErrors(new Map());
    bulk.mutate(
      {
        defaultCategory: category,
        names: lines.map((l) => ({
          name: l.name,
          ...(l.category ? { category: l.category } : {}),
          ...(l.phone ? { phone: l.phone } : {}),
          ...(l.note ? { note: l.note } : {}),
        })),
      },
      {
        onSuccess: (r) => {
          const dups = r.lines.filter((l) => l.duplicate).length;
          void message.success(
            dups > 0
              ? t('prospectMe.quick.addedWithDuplicates', { count: r.createdCount, duplicates: dups })
              : t('prospectMe.quick.added', { count: r.createdCount }),
          );
          setText('');
        },
        onError: (e) => {
          // Details name the line: lines.<position>.<field>, positions as sent (1-based).
          if (isApiError(e) && e.fieldErrors.length > 0) {
            const m = new Map<number, string[]>();
            for (const d of e.fieldErrors) {
              const hit = /lines\.(\d+)\.?(\w*)/.exec(d.path);
              const line = hit ? lines[Number(hit[1]) - 1]?.line : undefined;
              if (line === undefined) continue;
              const field = hit?.[2] ? t(`prospectMe.fields.${hit[2]}`, { defaultValue: hit[2] }) : '';
              const what = t(`prospectMe.import.codes.${d.code ?? 'invalid'}`, { defaultValue: d.message });
              m.set(line, [...(m.get(line) ?? []), field ? `${field}: ${what}` : what]);
            }
            setServerErrors(m);
          }
          showError(e);
        },
      },
    );
  };

  return (
    <Card
      size="small"
      title={t('prospectMe.quick.title')}
      data-testid="quick-entry"
      extra={
        onImport && (
          <Button type="link" icon={<UploadOutlined />} onClick={onImport} data-testid="names-import">
            {t('prospectMe.names.import')}
          </Button>
        )
      }
    >
      <Flex vertical gap={8}>
        <Input.TextArea
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            // Enter adds (Shift+Enter or a paste gives more lines); not while an IME is composing.
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              submit();
            }
          }}
          autoSize={{ minRows: 2, maxRows: 8 }}
          placeholder={t('prospectMe.quick.placeholder')}
          aria-label={t('prospectMe.quick.label')}
          enterKeyHint="done"
          data-testid="quick-entry-text"
        />
        <Flex gap={8} wrap align="center">
          <Select<PlanNameCategory>
            value={category}
            onChange={(v) => {
              setCategory(v);
              try {
                localStorage.setItem(CATEGORY_STORE, v);
              } catch {
                /* private mode */
              }
            }}
            options={PlanNameCategories.map((c) => ({ value: c, label: catLabel(c) }))}
            aria-label={t('prospectMe.quick.defaultCategory')}
            style={{ flex: 1, minWidth: 150 }}
            data-testid="quick-entry-category"
          />
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={submit}
            loading={bulk.isPending}
            disabled={lines.length === 0}
            data-testid="quick-entry-add"
          >
            {lines.length > 1
              ? t('prospectMe.quick.addMany', { count: lines.length })
              : t('prospectMe.quick.add')}
          </Button>
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('prospectMe.quick.hint', { category: catLabel(category) })}
        </Typography.Text>
        {lines.length > 0 && (
          <ul
            className="sb-pm-preview"
            aria-label={t('prospectMe.quick.preview')}
            data-testid="quick-entry-preview"
          >
            {lines.map((l) => (
              <li key={l.line}>
                <span className="sb-pm-lineno">{l.line}</span>
                <strong>{l.name}</strong>
                <Tag style={{ marginInlineEnd: 0 }} color={l.category ? 'blue' : 'default'}>
                  {catLabel(l.category ?? category)}
                </Tag>
                {l.phone && <span>{l.phone}</span>}
                {l.note && <Typography.Text type="secondary">{l.note}</Typography.Text>}
                <LineProblems line={l} server={serverErrors.get(l.line) ?? []} />
              </li>
            ))}
          </ul>
        )}
      </Flex>
    </Card>
  );
}

type Filter = 'all' | 'A' | 'B' | 'C' | 'none' | 'excluded';

function filterQuery(f: Filter): Pick<NameFilters, 'grade' | 'excluded'> {
  if (f === 'all') return {};
  if (f === 'excluded') return { excluded: '1' };
  return { grade: f, excluded: '0' };
}

/** One name on the list: grade, relationship, flags; greyed and struck through when excluded. */
function NameRow({ item, currentVersion }: { item: PlanName; currentVersion: number }) {
  const { t } = useTranslation();
  return (
    <Flex
      vertical
      gap={2}
      className={`sb-pm-grow${item.excluded ? ' sb-pm-excluded' : ''}`}
      data-testid={`name-row-${item.id}`}
    >
      <Flex gap={6} wrap align="center">
        <span className="sb-pm-name">{item.name}</span>
        <Tag style={{ marginInlineEnd: 0 }}>{t(`prospectMe.category.${item.category}`)}</Tag>
        {item.grade ? <GradeTag grade={item.grade} score={item.score} /> : null}
        {item.duplicate && (
          <Tag color="orange" style={{ marginInlineEnd: 0 }}>
            {t('prospectMe.names.duplicate')}
          </Tag>
        )}
        {item.excluded && <Tag style={{ marginInlineEnd: 0 }}>{t('prospectMe.names.excluded')}</Tag>}
        {needsRescore(item, currentVersion) && (
          <Tag color="gold" style={{ marginInlineEnd: 0 }}>
            {t('prospectMe.names.rescore')}
          </Tag>
        )}
        {item.prospectId && (
          <Tag color="green" style={{ marginInlineEnd: 0 }}>
            {t('prospectMe.names.hasCard')}
          </Tag>
        )}
      </Flex>
      {(item.phone || item.note) && (
        <span className="sb-pm-muted">{[item.phone, item.note].filter(Boolean).join(' · ')}</span>
      )}
    </Flex>
  );
}

/** 计划100: how far toward 100, quick entry, import, and the list to grade one name at a time. */
export default function NamesPage() {
  const { t } = useTranslation();
  const phone = useIsPhoneLayout();
  const [filter, setFilter] = useState<Filter>('all');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const query = { ...filterQuery(filter), q: q.trim() || undefined };
  const { data, error, refetch, isPending } = useNames({ ...query, page, pageSize: PAGE_SIZE });
  // Duplicates are judged against the whole list when it is shown whole (the server flags them anyway).
  const existing = useMemo(
    () => new Set(filter === 'all' && !q.trim() ? (data?.items ?? []).map((x) => nameKey(x.name)) : []),
    [data, filter, q],
  );
  const open = data?.items.find((x) => x.id === openId) ?? null;

  const filters: { value: Filter; label: string }[] = [
    { value: 'all', label: t('prospectMe.names.filters.all') },
    { value: 'A', label: 'A' },
    { value: 'B', label: 'B' },
    { value: 'C', label: 'C' },
    { value: 'none', label: t('prospectMe.names.filters.none') },
    { value: 'excluded', label: t('prospectMe.names.filters.excluded') },
  ];

  return (
    <Flex vertical gap={12} className="sb-pm-page">
      <ProspectTabs />
      <PageHeader
        title={t('prospectMe.nav.names')}
        extra={
          phone ? undefined : (
            <>
              {!phone && (
                <Button
                  icon={<UploadOutlined />}
                  onClick={() => setImporting(true)}
                  data-testid="names-import"
                >
                  {t('prospectMe.names.import')}
                </Button>
              )}
              {!phone && (
                <ExportButton
                  onExport={() => exportNames(query)}
                  testId="names-export"
                  label={t('prospectMe.exportExcel')}
                />
              )}
            </>
          )
        }
      />
      {data ? <ProgressCard progress={data.progress} /> : null}
      <QuickEntry existing={existing} onImport={phone ? () => setImporting(true) : undefined} />
      <Card
        size="small"
        title={t('prospectMe.names.listTitle', { count: data?.total ?? 0 })}
        styles={{ body: { padding: 0 } }}
      >
        <Flex vertical gap={8} style={{ padding: 12 }}>
          <Segmented<Filter>
            block={phone}
            value={filter}
            options={filters}
            onChange={(v) => {
              setFilter(v);
              setPage(1);
            }}
            aria-label={t('prospectMe.names.filterLabel')}
            data-testid="names-filter"
          />
          <Input.Search
            allowClear
            placeholder={t('prospectMe.names.search')}
            aria-label={t('prospectMe.names.search')}
            onSearch={(v) => {
              setQ(v);
              setPage(1);
            }}
          />
        </Flex>
        <PagedRowList
          data={data}
          pending={isPending}
          error={error}
          onRetry={() => void refetch()}
          page={page}
          pageSize={PAGE_SIZE}
          onPage={setPage}
          rowKey={(x) => x.id}
          label={t('prospectMe.nav.names')}
          onClick={(x) => setOpenId(x.id)}
          render={(x) => <NameRow item={x} currentVersion={data?.currentRubricVersion ?? 0} />}
          empty={
            <Typography.Paragraph
              type="secondary"
              style={{ padding: 16, margin: 0 }}
              data-testid="names-empty"
            >
              {filter === 'all' && !q ? t('prospectMe.names.empty') : t('prospectMe.names.emptyFiltered')}
            </Typography.Paragraph>
          }
        />
      </Card>
      {open && data && (
        <NameDrawer
          key={open.id}
          item={open}
          currentVersion={data.currentRubricVersion}
          onClose={() => setOpenId(null)}
        />
      )}
      {importing && (
        <ImportModal
          endpoint={IMPORTS.names}
          title={t('prospectMe.names.importTitle')}
          intro={t('prospectMe.names.importIntro')}
          fieldLabel={(k) => t(`prospectMe.fields.${k}`, { defaultValue: k })}
          onClose={() => setImporting(false)}
        />
      )}
    </Flex>
  );
}
