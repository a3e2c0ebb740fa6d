import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  PlusOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Form,
  Input,
  InputNumber,
  Skeleton,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Rubric } from '../../../../../contracts/plan100.ts';
import { ErrorState } from '../../../components/ErrorState.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { useApiError } from '../../../components/useApiError.ts';
import { formatDateTime } from '../../../i18n/format.ts';
import { useRubric, useSaveRubric } from '../api.ts';
import '../prospect.css';
import {
  freshKey,
  gradeBands,
  move,
  pointRange,
  rubricProblems,
  rubricWarnings,
  type RubricCriterionDraft,
  type RubricDraft,
  type RubricOptionDraft,
  type RubricProblem,
} from '../rubric.ts';

function draftOf(r: Rubric): RubricDraft {
  return {
    criteria: r.criteria.map((c) => ({ ...c, options: c.options.map((o) => ({ ...o })) })),
    gradeAMin: r.gradeAMin,
    gradeBMin: r.gradeBMin,
  };
}

/** The administrator's rubric editor (评分标准): criteria × options × points and the A/B thresholds. */
export default function RubricPage() {
  const { t } = useTranslation();
  const { data, error, refetch } = useRubric();
  return (
    <div data-testid="rubric-page">
      <PageHeader
        title={t('prospect.nav.rubric')}
        subtitle={
          data
            ? t('prospect.rubric.version', { version: data.version, at: formatDateTime(data.createdAt) })
            : undefined
        }
      />
      {error && !data ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : !data ? (
        <Skeleton active paragraph={{ rows: 12 }} />
      ) : (
        <RubricEditor key={data.version} rubric={data} />
      )}
    </div>
  );
}

function RubricEditor({ rubric }: { rubric: Rubric }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const showError = useApiError();
  const save = useSaveRubric();
  const original = useMemo(() => draftOf(rubric), [rubric]);
  const [draft, setDraft] = useState<RubricDraft>(original);
  const [tried, setTried] = useState(false);
  const dirty = JSON.stringify(draft) !== JSON.stringify(original);
  const problems = rubricProblems(draft);
  const warnings = rubricWarnings(draft);
  const range = pointRange(draft.criteria);
  const bands = gradeBands(draft);

  // Leaving with unsaved changes asks first (the browser's own prompt).
  useEffect(() => {
    if (!dirty) return;
    const onLeave = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onLeave);
    return () => window.removeEventListener('beforeunload', onLeave);
  }, [dirty]);

  const setCriteria = (criteria: RubricCriterionDraft[]) => setDraft((d) => ({ ...d, criteria }));
  const patchCriterion = (i: number, patch: Partial<RubricCriterionDraft>) =>
    setCriteria(draft.criteria.map((c, k) => (k === i ? { ...c, ...patch } : c)));
  const patchOption = (ci: number, oi: number, patch: Partial<RubricOptionDraft>) => {
    const c = draft.criteria[ci];
    if (c) patchCriterion(ci, { options: c.options.map((o, k) => (k === oi ? { ...o, ...patch } : o)) });
  };
  const addCriterion = () => {
    const key = freshKey(
      'c',
      draft.criteria.map((c) => c.key),
    );
    setCriteria([
      ...draft.criteria,
      {
        key,
        label: '',
        labelEn: '',
        options: [1, 2, 3].map((p) => ({ key: `o${p}`, label: '', labelEn: '', points: p })),
      },
    ]);
  };
  const addOption = (ci: number) => {
    const c = draft.criteria[ci];
    if (!c) return;
    const max = Math.max(0, ...c.options.map((o) => o.points ?? 0));
    patchCriterion(ci, {
      options: [
        ...c.options,
        {
          key: freshKey(
            'o',
            c.options.map((o) => o.key),
          ),
          label: '',
          labelEn: '',
          points: max + 1,
        },
      ],
    });
  };

  const has = (p: (x: RubricProblem) => boolean) => tried && problems.some(p);
  const critErr = (ci: number) =>
    has((p) => (p.kind === 'criterionLabel' || p.kind === 'criterionKey') && p.criterion === ci);
  const optErr = (ci: number, oi: number, kind: RubricProblem['kind']) =>
    has((p) => p.kind === kind && 'option' in p && p.criterion === ci && p.option === oi);

  const doSave = () => {
    setTried(true);
    if (problems.length > 0) {
      void message.error(t('prospect.rubric.fixFirst'));
      return;
    }
    modal.confirm({
      title: t('prospect.rubric.confirmTitle'),
      content: t('prospect.rubric.confirmBody', { version: rubric.version + 1 }),
      okText: t('prospect.rubric.confirmOk'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'rubric-confirm' },
      onOk: () =>
        save
          .mutateAsync({
            criteria: draft.criteria.map((c) => ({
              key: c.key,
              label: c.label.trim(),
              labelEn: c.labelEn.trim(),
              options: c.options.map((o) => ({
                key: o.key,
                label: o.label.trim(),
                labelEn: o.labelEn.trim(),
                points: o.points ?? 0,
              })),
            })),
            gradeAMin: draft.gradeAMin ?? 0,
            gradeBMin: draft.gradeBMin ?? 0,
          })
          .then((r) => void message.success(t('prospect.rubric.saved', { version: r.version })))
          .catch((e: unknown) => showError(e)),
    });
  };

  return (
    <div className="sb-pro-rubric-layout">
      <Flex vertical gap={12}>
        <Alert type="info" showIcon message={t('prospect.rubric.intro')} />
        {draft.criteria.length === 0 && (
          <Card>
            <div className="sb-pro-empty">{t('prospect.rubric.noCriteria')}</div>
          </Card>
        )}
        {draft.criteria.map((c, ci) => {
          const pts = c.options.map((o) => o.points ?? 0);
          const title = c.label || t('prospect.rubric.criterionN', { n: ci + 1 });
          return (
            <Card
              key={`${c.key}-${ci}`}
              size="small"
              className="sb-pro-criterion"
              data-testid="rubric-criterion"
              title={
                <span>
                  {ci + 1}. {title}{' '}
                  <Typography.Text type="secondary" style={{ fontWeight: 400, fontSize: 12 }}>
                    {t('prospect.rubric.criterionRange', {
                      min: pts.length ? Math.min(...pts) : 0,
                      max: pts.length ? Math.max(...pts) : 0,
                    })}
                  </Typography.Text>
                </span>
              }
              extra={
                <Flex gap={4}>
                  <Tooltip title={t('prospect.rubric.moveUp')}>
                    <Button
                      size="small"
                      icon={<ArrowUpOutlined />}
                      disabled={ci === 0}
                      onClick={() => setCriteria(move(draft.criteria, ci, -1))}
                      aria-label={t('prospect.rubric.moveUpNamed', { name: title })}
                    />
                  </Tooltip>
                  <Tooltip title={t('prospect.rubric.moveDown')}>
                    <Button
                      size="small"
                      icon={<ArrowDownOutlined />}
                      disabled={ci === draft.criteria.length - 1}
                      onClick={() => setCriteria(move(draft.criteria, ci, 1))}
                      aria-label={t('prospect.rubric.moveDownNamed', { name: title })}
                    />
                  </Tooltip>
                  <Tooltip title={t('prospect.rubric.removeCriterion')}>
                    <Button
                      size="small"
                      danger
                      icon={<DeleteOutlined />}
                      onClick={() => setCriteria(draft.criteria.filter((_, k) => k !== ci))}
                      aria-label={t('prospect.rubric.removeNamed', { name: title })}
                      data-testid="rubric-remove-criterion"
                    />
                  </Tooltip>
                </Flex>
              }
            >
              <Form layout="vertical" component="div">
                <Flex gap={8} wrap>
                  <Form.Item
                    label={t('prospect.rubric.labelZh')}
                    style={{ flex: '1 1 200px', marginBottom: 8 }}
                    validateStatus={critErr(ci) && !c.label.trim() ? 'error' : undefined}
                  >
                    <Input
                      value={c.label}
                      maxLength={60}
                      onChange={(e) => patchCriterion(ci, { label: e.target.value })}
                      data-testid="rubric-criterion-label"
                    />
                  </Form.Item>
                  <Form.Item
                    label={t('prospect.rubric.labelEn')}
                    style={{ flex: '1 1 200px', marginBottom: 8 }}
                    validateStatus={critErr(ci) && !c.labelEn.trim() ? 'error' : undefined}
                  >
                    <Input
                      value={c.labelEn}
                      maxLength={80}
                      onChange={(e) => patchCriterion(ci, { labelEn: e.target.value })}
                      data-testid="rubric-criterion-label-en"
                    />
                  </Form.Item>
                </Flex>
              </Form>
              <div className="sb-pro-option-row" aria-hidden style={{ fontSize: 12, color: '#6b7280' }}>
                <span>{t('prospect.rubric.option')}</span>
                <span className="sb-pro-option-en">{t('prospect.rubric.optionEn')}</span>
                <span>{t('prospect.rubric.points')}</span>
                <span />
              </div>
              <Flex vertical gap={6} style={{ marginTop: 4 }}>
                {c.options.map((o, oi) => {
                  const name = o.label || t('prospect.rubric.optionN', { n: oi + 1 });
                  return (
                    <div className="sb-pro-option-row" key={`${o.key}-${oi}`} data-testid="rubric-option">
                      <Input
                        value={o.label}
                        maxLength={60}
                        status={optErr(ci, oi, 'optionLabel') && !o.label.trim() ? 'error' : undefined}
                        onChange={(e) => patchOption(ci, oi, { label: e.target.value })}
                        aria-label={t('prospect.rubric.optionLabelOf', { criterion: title, n: oi + 1 })}
                      />
                      <Input
                        className="sb-pro-option-en"
                        value={o.labelEn}
                        maxLength={80}
                        status={optErr(ci, oi, 'optionLabel') && !o.labelEn.trim() ? 'error' : undefined}
                        onChange={(e) => patchOption(ci, oi, { labelEn: e.target.value })}
                        aria-label={t('prospect.rubric.optionLabelEnOf', { criterion: title, n: oi + 1 })}
                      />
                      <InputNumber
                        value={o.points}
                        min={0}
                        max={100}
                        precision={0}
                        status={optErr(ci, oi, 'optionPoints') ? 'error' : undefined}
                        onChange={(v) => patchOption(ci, oi, { points: typeof v === 'number' ? v : null })}
                        aria-label={t('prospect.rubric.pointsOf', { option: name })}
                        style={{ width: '100%' }}
                        data-testid="rubric-option-points"
                      />
                      <Button
                        icon={<DeleteOutlined />}
                        disabled={c.options.length <= 2}
                        onClick={() => patchCriterion(ci, { options: c.options.filter((_, k) => k !== oi) })}
                        aria-label={t('prospect.rubric.removeNamed', { name })}
                      />
                    </div>
                  );
                })}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => addOption(ci)}
                  disabled={c.options.length >= 10}
                  style={{ alignSelf: 'flex-start' }}
                  data-testid="rubric-add-option"
                >
                  {t('prospect.rubric.addOption')}
                </Button>
              </Flex>
            </Card>
          );
        })}
        <Button
          type="dashed"
          icon={<PlusOutlined />}
          onClick={addCriterion}
          disabled={draft.criteria.length >= 30}
          block
          data-testid="rubric-add-criterion"
        >
          {t('prospect.rubric.addCriterion')}
        </Button>
      </Flex>
      <Card
        size="small"
        title={t('prospect.rubric.gradesTitle')}
        className="sb-pro-rubric-side"
        data-testid="rubric-preview"
      >
        <Flex vertical gap={12}>
          <Flex gap={8}>
            <label style={{ flex: 1 }}>
              <Typography.Text type="secondary">{t('prospect.rubric.aMin')}</Typography.Text>
              <InputNumber
                value={draft.gradeAMin}
                min={0}
                max={10000}
                precision={0}
                status={tried && problems.some((p) => p.kind.startsWith('threshold')) ? 'error' : undefined}
                onChange={(v) => setDraft((d) => ({ ...d, gradeAMin: typeof v === 'number' ? v : null }))}
                style={{ width: '100%' }}
                data-testid="rubric-a-min"
              />
            </label>
            <label style={{ flex: 1 }}>
              <Typography.Text type="secondary">{t('prospect.rubric.bMin')}</Typography.Text>
              <InputNumber
                value={draft.gradeBMin}
                min={0}
                max={10000}
                precision={0}
                status={tried && problems.some((p) => p.kind.startsWith('threshold')) ? 'error' : undefined}
                onChange={(v) => setDraft((d) => ({ ...d, gradeBMin: typeof v === 'number' ? v : null }))}
                style={{ width: '100%' }}
                data-testid="rubric-b-min"
              />
            </label>
          </Flex>
          <Typography.Text data-testid="rubric-range">
            {t('prospect.rubric.range', {
              n: draft.criteria.length,
              min: range.min,
              max: range.max,
            })}
          </Typography.Text>
          <div className="sb-pro-bands">
            {(['A', 'B', 'C'] as const).map((g) => {
              const b = bands[g];
              const color = g === 'A' ? '#15803d' : g === 'B' ? '#2563eb' : '#6b7280';
              return (
                <div
                  key={g}
                  className="sb-pro-band"
                  style={{ borderColor: color }}
                  data-testid={`rubric-band-${g}`}
                >
                  <div className="sb-pro-band-grade" style={{ color }}>
                    {g}
                  </div>
                  <div className="sb-pro-band-range">
                    {b
                      ? b[0] === b[1]
                        ? String(b[0])
                        : `${b[0]}–${b[1]}`
                      : t('prospect.rubric.unreachable')}
                  </div>
                </div>
              );
            })}
          </div>
          {warnings.map((w) => (
            <Alert key={w.kind} type="warning" showIcon message={t(`prospect.rubric.warnings.${w.kind}`)} />
          ))}
          {tried && problems.length > 0 && (
            <Alert
              type="error"
              showIcon
              data-testid="rubric-problems"
              message={t('prospect.rubric.fixFirst')}
              description={
                <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                  {problems.slice(0, 8).map((p, i) => (
                    <li key={i}>
                      {t(`prospect.rubric.problems.${p.kind}`, {
                        n: 'criterion' in p ? p.criterion + 1 : 0,
                        o: 'option' in p ? p.option + 1 : 0,
                      })}
                    </li>
                  ))}
                </ul>
              }
            />
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('prospect.rubric.keepGrades')}
          </Typography.Text>
          <Flex gap={8} wrap>
            <Button
              type="primary"
              onClick={doSave}
              disabled={!dirty}
              loading={save.isPending}
              data-testid="rubric-save"
            >
              {t('prospect.rubric.save')}
            </Button>
            <Button
              icon={<UndoOutlined />}
              onClick={() => {
                setDraft(original);
                setTried(false);
              }}
              disabled={!dirty}
              data-testid="rubric-reset"
            >
              {t('prospect.rubric.discard')}
            </Button>
          </Flex>
        </Flex>
      </Card>
    </div>
  );
}
